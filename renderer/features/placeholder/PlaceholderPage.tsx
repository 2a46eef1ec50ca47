import { PageHeader } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useT } from '../../i18n/i18n.tsx';

/** A page a later release fills; it says so plainly instead of pretending. */
export function PlaceholderPage({ title }: { title: string }) {
  const t = useT();
  return (
    <>
      <PageHeader title={t.placeholder.title(title)} />
      <Notice tone="info">{t.placeholder.body}</Notice>
    </>
  );
}
