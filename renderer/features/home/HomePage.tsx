import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { MyWork } from './MyWork.tsx';

export function HomePage() {
  const t = useT();
  const { session } = useSession();
  return (
    <>
      <PageHeader title={t.home.greeting(session.user.fullName)} intro={t.home.intro} />
      <MyWork />
    </>
  );
}
