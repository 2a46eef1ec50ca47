import { navigate, useRoute } from '../../app/router.tsx';
import { useCan } from '../../app/session.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { useStrings } from '../../i18n/i18n.tsx';
import { ExportPanel } from './ExportPanel.tsx';
import { ImportHistory } from './ImportHistory.tsx';
import { ImportWizard } from './ImportWizard.tsx';
import { importStrings } from './strings.ts';

type Tab = 'import' | 'export' | 'history';

const PATHS: Record<Tab, string> = {
  import: '/impor-ekspor',
  export: '/impor-ekspor/ekspor',
  history: '/impor-ekspor/riwayat',
};

/** #/impor-ekspor, #/impor-ekspor/ekspor, #/impor-ekspor/riwayat */
export function ImportExportPage() {
  const s = useStrings(importStrings);
  const can = useCan();
  const path = useRoute();
  const tabs: { key: Tab; label: string }[] = [
    ...(can('import.run') ? [{ key: 'import' as const, label: s.tabImport }] : []),
    ...(can('export.run') ? [{ key: 'export' as const, label: s.tabExport }] : []),
    ...(can('import.run') ? [{ key: 'history' as const, label: s.tabHistory }] : []),
  ];
  const wanted: Tab = path.endsWith('/ekspor') ? 'export' : path.endsWith('/riwayat') ? 'history' : 'import';
  const active = tabs.find((t) => t.key === wanted)?.key ?? tabs[0]?.key ?? 'export';
  return (
    <>
      <PageHeader title={s.title} intro={s.intro} />
      <Tabs tabs={tabs} active={active} onChange={(k) => navigate(PATHS[k])}>
        {active === 'import' ? <ImportWizard /> : active === 'export' ? <ExportPanel /> : <ImportHistory />}
      </Tabs>
    </>
  );
}
