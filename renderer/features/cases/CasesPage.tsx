import { navigate, useRoute } from '../../app/router.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { useStrings } from '../../i18n/i18n.tsx';
import { CaseDetail } from './CaseDetail.tsx';
import { CaseList } from './CaseList.tsx';
import { ComplaintDetail, ComplaintList } from './Complaints.tsx';
import { casesStrings } from './strings.ts';

type Tab = 'kasus' | 'pengaduan';

/** What the address asks for: #/kasus, #/kasus/<id>, #/kasus/pengaduan, #/kasus/pengaduan/<id>. */
function parse(path: string): { tab: Tab; id: string | null } {
  const parts = path.split('/').filter(Boolean); // ['kasus', ...]
  if (parts[1] === 'pengaduan') return { tab: 'pengaduan', id: parts[2] ?? null };
  return { tab: 'kasus', id: parts[1] ?? null };
}

/** "Kasus & Pengaduan": cases handled by officers and complaints from residents. */
export function CasesPage() {
  const s = useStrings(casesStrings);
  const { tab, id } = parse(useRoute());
  return (
    <>
      <PageHeader title={s.title} intro={s.intro} />
      <Tabs<Tab>
        tabs={[
          { key: 'kasus', label: s.tabCases },
          { key: 'pengaduan', label: s.tabComplaints },
        ]}
        active={tab}
        onChange={(next) => navigate(next === 'kasus' ? '/kasus' : '/kasus/pengaduan')}
      >
        {tab === 'kasus' ? (
          id ? (
            <CaseDetail key={id} id={id} />
          ) : (
            <CaseList />
          )
        ) : id ? (
          <ComplaintDetail key={id} id={id} />
        ) : (
          <ComplaintList />
        )}
      </Tabs>
    </>
  );
}
