import { useEffect, useRef, type MouseEvent } from 'react';
import { ROLE_LABELS } from '../../common/auth/roles.ts';
import { Help } from '../components/Help.tsx';
import { Brand } from '../components/Layout.tsx';
import { useStrings, useT } from '../i18n/i18n.tsx';
import { guideStrings } from './guideStrings.ts';
import { ForbiddenPage } from '../features/placeholder/ForbiddenPage.tsx';
import { confirmLeave, useRoute } from './router.tsx';
import { UnsavedChangesPrompt } from './UnsavedChangesPrompt.tsx';
import { ROUTES, type Route } from './routes.tsx';
import { useCan, useSession } from './session.tsx';
import './shell.css';

/**
 * The app around every page: top bar (who is logged in, lock, logout), navigation, content.
 * Focus goes to the content on every page change; from there "Lewati ke menu" is the first
 * Tab stop, so any page is four keys away (Tab, Enter, Tab to it, Enter), and "Lewati ke isi"
 * at the top of the window skips the bar and the menu the other way.
 */
export function Frame() {
  const t = useT();
  const g = useStrings(guideStrings);
  const { session, lock, logout } = useSession();
  const can = useCan();
  const path = useRoute();
  const main = useRef<HTMLElement>(null);
  const nav = useRef<HTMLElement>(null);
  const route = ROUTES.find((r) => path === r.path || path.startsWith(`${r.path}/`)) ?? ROUTES[0]!;
  const allowed = (r: Route) => !r.permission || can(r.permission);

  useEffect(() => {
    main.current?.focus();
    document.title = `${route.label(t)} · ${t.app.name}`;
  }, [route, t]);

  const skipTo = (target: () => HTMLElement | null | undefined) => (e: MouseEvent) => {
    e.preventDefault();
    target()?.focus();
  };
  const help = g.help[route.path] && path === route.path ? g.help[route.path] : null;

  const navItem = (r: Route) => (
    <li key={r.path}>
      <a href={`#${r.path}`} aria-current={r === route ? 'page' : undefined}>
        {r.label(t)}
      </a>
    </li>
  );

  return (
    <div className={`frame${session.demo ? ' has-demo' : ''}`}>
      <a className="skip-link" href={`#${path}`} onClick={skipTo(() => main.current)}>
        {g.skipToContent}
      </a>
      <header className="frame-top">
        <Brand office={session.officeName} />
        <div className="frame-user">
          <div className="who">
            <strong>{session.user.fullName}</strong>
            <small>{ROLE_LABELS[session.user.role]}</small>
          </div>
          <button type="button" className="btn" onClick={() => void lock()}>
            {t.nav.lock}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() =>
              void confirmLeave().then(async (leave) => {
                if (leave) await logout();
              })
            }
          >
            {t.nav.logout}
          </button>
        </div>
      </header>
      {session.demo ? <div className="demo-banner">{t.app.demoBanner}</div> : null}
      <nav className="frame-nav" aria-label={t.nav.mainNavigation} ref={nav}>
        <div className="nav-section">{t.nav.sectionWork}</div>
        <ul>{ROUTES.filter((r) => r.section === 'work' && allowed(r)).map(navItem)}</ul>
        <div className="nav-section">{t.nav.sectionAdmin}</div>
        <ul>{ROUTES.filter((r) => r.section === 'admin' && allowed(r)).map(navItem)}</ul>
      </nav>
      <main className="frame-main" ref={main} tabIndex={-1}>
        <div className="content">
          <a
            className="skip-link"
            href={`#${path}`}
            onClick={skipTo(() => nav.current?.querySelector<HTMLElement>('a'))}
          >
            {g.skipToMenu}
          </a>
          {help ? <Help key={route.path} steps={help} /> : null}
          {allowed(route) ? route.render(t) : <ForbiddenPage />}
        </div>
      </main>
      <UnsavedChangesPrompt />
    </div>
  );
}
