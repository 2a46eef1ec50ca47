import { useEffect, useRef } from 'react';
import { ROLE_LABELS } from '../../common/auth/roles.ts';
import { Brand } from '../components/Layout.tsx';
import { useT } from '../i18n/i18n.tsx';
import { ForbiddenPage } from '../features/placeholder/ForbiddenPage.tsx';
import { useRoute } from './router.tsx';
import { ROUTES, type Route } from './routes.tsx';
import { useCan, useSession } from './session.tsx';

/** The app around every page: top bar (who is logged in, lock, logout), navigation, content. */
export function Frame() {
  const t = useT();
  const { session, lock, logout } = useSession();
  const can = useCan();
  const path = useRoute();
  const main = useRef<HTMLElement>(null);
  const route = ROUTES.find((r) => path === r.path || path.startsWith(`${r.path}/`)) ?? ROUTES[0]!;
  const allowed = (r: Route) => !r.permission || can(r.permission);

  useEffect(() => {
    main.current?.focus();
    document.title = `${route.label(t)} · ${t.app.name}`;
  }, [route, t]);

  const navItem = (r: Route) => (
    <li key={r.path}>
      <a href={`#${r.path}`} aria-current={r === route ? 'page' : undefined}>
        {r.label(t)}
      </a>
    </li>
  );

  return (
    <div className={`frame${session.demo ? ' has-demo' : ''}`}>
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
          <button type="button" className="btn" onClick={() => void logout()}>
            {t.nav.logout}
          </button>
        </div>
      </header>
      {session.demo ? <div className="demo-banner">{t.app.demoBanner}</div> : null}
      <nav className="frame-nav" aria-label={t.nav.mainNavigation}>
        <div className="nav-section">{t.nav.sectionWork}</div>
        <ul>{ROUTES.filter((r) => r.section === 'work' && allowed(r)).map(navItem)}</ul>
        <div className="nav-section">{t.nav.sectionAdmin}</div>
        <ul>{ROUTES.filter((r) => r.section === 'admin' && allowed(r)).map(navItem)}</ul>
      </nav>
      <main className="frame-main" ref={main} tabIndex={-1}>
        <div className="content">{allowed(route) ? route.render(t) : <ForbiddenPage />}</div>
      </main>
    </div>
  );
}
