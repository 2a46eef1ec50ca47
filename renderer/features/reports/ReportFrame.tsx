import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import type { ReportPreview } from '../../../common/api/methods/reports.ts';

export interface ReportFrameHandle {
  /** Opens the system print dialog for the report alone (its own @page rules apply). */
  print(): void;
}

/**
 * Shows the report exactly as core laid it out for the PDF: the same body and style sheet, in
 * an isolated frame (so neither the app's styles nor the report's leak). The frame has no
 * scripts; its style sheet is a constructed one, which the app's CSP allows where a <style>
 * element would not be. The sheets are scaled down to the frame's width.
 */
export const ReportFrame = forwardRef<ReportFrameHandle, { preview: ReportPreview; label: string }>(
  function ReportFrame({ preview, label }, ref) {
    const frame = useRef<HTMLIFrameElement>(null);
    const [height, setHeight] = useState(400);

    /** Scales the A4 sheets to the frame's width and the frame to their height. */
    const fit = useCallback(() => {
      const iframe = frame.current;
      const doc = iframe?.contentDocument;
      if (!iframe || !doc) return;
      const page = doc.querySelector<HTMLElement>('.part');
      doc.documentElement.style.zoom = '1';
      const natural = page ? page.offsetWidth + 32 : 900;
      const scale = Math.min(1, iframe.clientWidth / natural);
      doc.documentElement.style.zoom = String(scale);
      setHeight(Math.ceil(doc.documentElement.scrollHeight * scale) + 8);
    }, []);

    const fill = useCallback(() => {
      const iframe = frame.current;
      const doc = iframe?.contentDocument;
      const win = iframe?.contentWindow as (Window & typeof globalThis) | null | undefined;
      if (!iframe || !doc || !win || !doc.body) return;
      const sheet = new win.CSSStyleSheet();
      sheet.replaceSync(preview.css);
      doc.adoptedStyleSheets = [sheet];
      doc.title = preview.title;
      doc.documentElement.lang = 'id';
      doc.body.innerHTML = preview.body;
      fit();
    }, [preview, fit]);

    useEffect(() => {
      fill();
      const iframe = frame.current;
      if (!iframe) return;
      let width = iframe.clientWidth;
      const observer = new ResizeObserver(() => {
        if (iframe.clientWidth === width) return;
        width = iframe.clientWidth;
        fit();
      });
      observer.observe(iframe);
      return () => observer.disconnect();
    }, [fill, fit]);

    useImperativeHandle(ref, () => ({
      print() {
        const doc = frame.current?.contentDocument;
        if (doc) doc.documentElement.style.zoom = '1';
        frame.current?.contentWindow?.print();
        fit();
      },
    }));

    return (
      <iframe
        ref={frame}
        title={label}
        className="report-frame"
        // about:blank, same origin: the app fills and prints it. It inherits the app's CSP, so
        // no script could run in it even if one slipped into the (escaped) markup.
        onLoad={fill}
        style={{ height }}
      />
    );
  },
);
