import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useT } from '../../i18n/i18n.tsx';

export function HomePage() {
  const t = useT();
  const { session } = useSession();
  return (
    <>
      <PageHeader title={t.home.greeting(session.user.fullName)} />
      <Notice tone="info">{t.home.intro}</Notice>
    </>
  );
}
