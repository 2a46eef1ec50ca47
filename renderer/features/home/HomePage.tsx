import { useState } from 'react';
import { FirstTasks } from '../../app/FirstTasks.tsx';
import { useCan, useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { useStrings, useT } from '../../i18n/i18n.tsx';
import { Dashboard } from '../dashboard/Dashboard.tsx';
import { dashboardStrings } from '../dashboard/strings.ts';
import { MyWork } from './MyWork.tsx';

type Tab = 'aktivitas' | 'indikator';
const TAB_KEY = 'bansos.beranda.tab';

/**
 * Beranda: "Aktivitas saya" (what waits for me) and the programme indicators. Managers and
 * auditors start on the indicators, everyone else on their work; the choice is remembered.
 */
export function HomePage() {
  const t = useT();
  const s = useStrings(dashboardStrings);
  const { session } = useSession();
  const can = useCan();
  const [tab, setTabState] = useState<Tab>(() => {
    const stored = sessionStorage.getItem(TAB_KEY);
    if (stored === 'aktivitas' || stored === 'indikator') return stored;
    return session.user.role === 'manager' || session.user.role === 'auditor' ? 'indikator' : 'aktivitas';
  });
  const setTab = (next: Tab) => {
    sessionStorage.setItem(TAB_KEY, next);
    setTabState(next);
  };
  return (
    <>
      <PageHeader title={t.home.greeting(session.user.fullName)} intro={t.home.intro} />
      <FirstTasks />
      {can('registry.read') ? (
        <Tabs<Tab>
          tabs={[
            { key: 'aktivitas', label: s.tabWork },
            { key: 'indikator', label: s.tabDashboard },
          ]}
          active={tab}
          onChange={setTab}
        >
          {tab === 'aktivitas' ? <MyWork /> : <Dashboard />}
        </Tabs>
      ) : (
        <MyWork />
      )}
    </>
  );
}
