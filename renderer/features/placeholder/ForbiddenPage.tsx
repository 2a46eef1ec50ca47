import { PageHeader } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useT } from '../../i18n/i18n.tsx';

export function ForbiddenPage() {
  const t = useT();
  return (
    <>
      <PageHeader title={t.forbidden.title} />
      <Notice tone="warning">{t.forbidden.body}</Notice>
    </>
  );
}
