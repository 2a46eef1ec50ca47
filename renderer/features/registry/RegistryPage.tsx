import { useCallback, useEffect, useRef, useState } from 'react';
import type { HouseholdRow, PersonRow } from '../../../common/api/methods/registry.ts';
import { can as roleCan, ROLE_LABELS, ROLES } from '../../../common/auth/roles.ts';
import { formatDateId } from '../../../common/format.ts';
import { navigate, useRoute } from '../../app/router.tsx';
import { useCall, useCan, useSession } from '../../app/session.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { DesaPicker } from '../../components/DesaPicker.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { EmptyState, PageHeader } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { useStrings } from '../../i18n/i18n.tsx';
import { DuplicatesPanel } from './DuplicatesPanel.tsx';
import { HouseholdPage } from './HouseholdPage.tsx';
import { NewHouseholdPage } from './NewHouseholdPage.tsx';
import { registryStrings } from './strings.ts';
import { useReference } from './useReference.ts';

/** #/keluarga, #/keluarga/baru, #/keluarga/data-ganda, #/keluarga/<id> */
export function RegistryPage() {
  const path = useRoute();
  const can = useCan();
  const rest = path.replace(/^\/keluarga\/?/, '');
  if (rest === 'baru') return can('registry.write') ? <NewHouseholdPage /> : <NoRegistration />;
  if (rest && rest !== 'data-ganda') return <HouseholdPage id={rest} key={rest} />;
  return <RegistryLists tab={rest === 'data-ganda' ? 'duplicates' : 'list'} />;
}

/** #/keluarga/baru for a role that cannot register families: say so, with no form to fill in vain. */
function NoRegistration() {
  const s = useStrings(registryStrings);
  const { session } = useSession();
  const who = ROLES.filter((r) => roleCan(r, 'registry.write')).map((r) => ROLE_LABELS[r]);
  return (
    <>
      <PageHeader title={s.formTitle} />
      <Notice tone="info">{s.cannotRegister(ROLE_LABELS[session.user.role], who)}</Notice>
      <p>
        <a href="#/keluarga">← {s.back}</a>
      </p>
    </>
  );
}

function RegistryLists({ tab }: { tab: 'list' | 'duplicates' }) {
  const s = useStrings(registryStrings);
  const can = useCan();
  return (
    <>
      <PageHeader
        title={s.title}
        intro={s.intro}
        actions={
          can('registry.write') ? (
            <a className="btn btn-primary" href="#/keluarga/baru">
              {s.newHousehold}
            </a>
          ) : null
        }
      />
      {can('duplicates.review') ? (
        <Tabs
          tabs={[
            { key: 'list', label: s.tabList },
            { key: 'duplicates', label: s.tabDuplicates },
          ]}
          active={tab}
          onChange={(k) => navigate(k === 'list' ? '/keluarga' : '/keluarga/data-ganda')}
        >
          {tab === 'list' ? <HouseholdList /> : <DuplicatesPanel />}
        </Tabs>
      ) : (
        <HouseholdList />
      )}
    </>
  );
}

interface Filters {
  query: string;
  desaCode: string;
  programId: string;
  desilMax: string;
  status: string;
}

/** People a search asks for, and how many of them the table shows. */
const PEOPLE_LIMIT = 50;

/**
 * Families per request. The table shows about a dozen rows and asks for the next page when the
 * reader scrolls near the end, so a first page of 50 is never seen to end; each family on a page
 * costs its row, head, member count and programmes (about 0.15 ms apiece at 1M people), so 200
 * made a name search in a desa miss its 30 ms (issue 14, `npm run bench -- search`).
 */
const FAMILIES_PER_PAGE = 50;
const PEOPLE_SHOWN = 10;

// The list survives a visit to a family page and back: same filters, same rows.
let remembered: Filters = { query: '', desaCode: '', programId: '', desilMax: '', status: 'aktif' };

function HouseholdList() {
  const s = useStrings(registryStrings);
  const call = useCall();
  const reference = useReference();
  const [filters, setFilters] = useState<Filters>(remembered);
  const [rows, setRows] = useState<HouseholdRow[]>([]);
  const [people, setPeople] = useState<PersonRow[]>([]);
  const [total, setTotal] = useState({ n: 0, more: false });
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const loading = useRef(false);
  const generation = useRef(0);
  /** The search text of the last load: only a change to it waits for the typing to pause. */
  const searched = useRef(filters.query.trim());

  const request = useCallback(
    (from: string | null) => ({
      limit: FAMILIES_PER_PAGE,
      cursor: from,
      ...(filters.query.trim() ? { query: filters.query.trim() } : {}),
      ...(filters.desaCode ? { desaCode: filters.desaCode } : {}),
      ...(filters.programId ? { programId: filters.programId } : {}),
      ...(filters.desilMax ? { desilMax: Number(filters.desilMax) } : {}),
      ...(filters.status ? { status: filters.status as 'aktif' | 'nonaktif' } : {}),
    }),
    [filters],
  );

  // New filters: start over. Typing is debounced, so a name does not fire a query per key; the
  // first load, a choice from a list and an emptied search load at once.
  useEffect(() => {
    remembered = filters;
    const mine = ++generation.current;
    const query = filters.query.trim();
    const typing = query !== '' && query !== searched.current;
    searched.current = query;
    const load = async () => {
      loading.current = true;
      const [list, found] = await Promise.all([
        call('registry.listHouseholds', request(null)),
        query.length >= 2
          ? call('registry.findPeople', {
              query,
              limit: PEOPLE_LIMIT,
              ...(filters.desaCode ? { desaCode: filters.desaCode } : {}),
            })
          : Promise.resolve(null),
      ]);
      loading.current = false;
      if (mine !== generation.current) return;
      setLoaded(true);
      if (!list.ok) return setError(list.error.message);
      setError(null);
      setRows(list.value.rows);
      setTotal({ n: list.value.total, more: list.value.totalIsLowerBound });
      setCursor(list.value.nextCursor);
      setPeople(found?.ok ? found.value : []);
    };
    if (!typing) {
      void load();
      return;
    }
    const timer = window.setTimeout(load, 250);
    return () => window.clearTimeout(timer);
  }, [filters, call, request]);

  const loadMore = useCallback(async () => {
    if (!cursor || loading.current) return;
    loading.current = true;
    const mine = generation.current;
    const next = await call('registry.listHouseholds', request(cursor));
    loading.current = false;
    if (!next.ok || mine !== generation.current) return;
    setRows((r) => [...r, ...next.value.rows]);
    setCursor(next.value.nextCursor);
  }, [cursor, call, request]);

  const set = (key: keyof Filters) => (e: { target: { value: string } }) =>
    setFilters({ ...filters, [key]: e.target.value });

  // Every column fits the 1,044 px the list has on a 1366x768 screen (the offices' laptops):
  // 918 px of tracks at their narrowest, with the gaps and padding.
  const columns: Column<HouseholdRow>[] = [
    {
      key: 'kk',
      header: s.kk,
      width: '160px',
      render: (r) => <span className="mono">{r.kkNumber ?? '—'}</span>,
    },
    {
      key: 'head',
      header: s.head,
      width: 'minmax(150px, 2fr)',
      render: (r) => <strong>{r.headName ?? '—'}</strong>,
    },
    {
      key: 'nik',
      header: s.nik,
      width: '160px',
      render: (r) => <span className="mono">{r.headNik ?? '—'}</span>,
    },
    { key: 'desa', header: s.desa, width: 'minmax(140px, 1fr)', render: (r) => r.desaName },
    { key: 'rt', header: s.rtRw, width: '76px', render: (r) => (r.rt ? `${r.rt}/${r.rw ?? '—'}` : '—') },
    { key: 'desil', header: s.desil, width: '56px', align: 'right', render: (r) => r.desil ?? '—' },
    { key: 'members', header: s.members, width: '76px', align: 'right', render: (r) => r.members },
    {
      key: 'programs',
      header: s.programs,
      width: 'minmax(100px, 1fr)',
      render: (r) => r.programs.join(', ') || '—',
    },
  ];

  return (
    <>
      <div className="card" style={{ padding: '1rem 1.25rem' }}>
        <TextField
          label={s.search}
          hint={s.searchHint}
          value={filters.query}
          onChange={set('query')}
          type="search"
          autoFocus
          spellCheck={false}
        />
        <div className="form-grid" style={{ gridTemplateColumns: 'repeat(auto-fit, minmax(190px, 1fr))' }}>
          <DesaPicker
            label={s.desa}
            value={filters.desaCode}
            onChange={(desaCode) => set('desaCode')({ target: { value: desaCode } })}
            emptyLabel={s.allDesa}
          />
          <SelectField label={s.program} value={filters.programId} onChange={set('programId')}>
            <option value="">{s.allPrograms}</option>
            {reference?.programs.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </SelectField>
          <SelectField label={s.desilMax} value={filters.desilMax} onChange={set('desilMax')}>
            <option value="">{s.anyDesil}</option>
            {[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((d) => (
              <option key={d} value={d}>
                ≤ {d}
              </option>
            ))}
          </SelectField>
          <SelectField label={s.status} value={filters.status} onChange={set('status')}>
            <option value="aktif">Aktif</option>
            <option value="nonaktif">Nonaktif</option>
            <option value="">{s.anyStatus}</option>
          </SelectField>
        </div>
      </div>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {people.length ? (
        <section className="card" aria-label={s.peopleFound(people.length, people.length >= PEOPLE_LIMIT)}>
          <h2>{s.peopleFound(people.length, people.length >= PEOPLE_LIMIT)}</h2>
          {people.length > PEOPLE_SHOWN ? <p className="muted">{s.peopleShown(PEOPLE_SHOWN)}</p> : null}
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>{s.name}</th>
                  <th>{s.nik}</th>
                  <th>{s.birth}</th>
                  <th>{s.kk}</th>
                  <th>{s.desa}</th>
                </tr>
              </thead>
              <tbody>
                {people.slice(0, PEOPLE_SHOWN).map((p) => (
                  <tr key={p.personId}>
                    <td>
                      <a href={`#/keluarga/${p.householdId}`}>{p.name}</a>
                      {p.status !== 'aktif' ? <span className="badge badge-warn"> {p.status}</span> : null}
                    </td>
                    <td className="mono">{p.nik ?? '—'}</td>
                    <td>{p.birthDate ? formatDateId(p.birthDate) : '—'}</td>
                    <td className="mono">{p.kkNumber ?? '—'}</td>
                    <td>{p.desaName}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {loaded && rows.length === 0 ? (
        <EmptyState title={s.emptyTitle}>
          <p>{s.emptyBody}</p>
        </EmptyState>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {s.results(rows.length, total.n, total.more)}
          </p>
          <DataTable
            label={s.tabList}
            rows={rows}
            columns={columns}
            rowKey={(r) => r.id}
            onOpen={(r) => navigate(`/keluarga/${r.id}`)}
            onEndReached={loadMore}
            height={520}
          />
        </>
      )}
    </>
  );
}
