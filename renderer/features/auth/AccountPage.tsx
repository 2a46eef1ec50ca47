import { useSession } from '../../app/session.tsx';
import { ChangePasswordPage } from './ChangePasswordPage.tsx';

export function AccountPage() {
  const { refresh } = useSession();
  return <ChangePasswordPage onDone={() => void refresh()} />;
}
