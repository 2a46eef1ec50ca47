import { useState } from 'react';
import { useStrings } from '../i18n/i18n.tsx';
import { guideStrings } from './guideStrings.ts';
import { useCan, useSession } from './session.tsx';
import { ROUTES } from './routes.tsx';
import './shell.css';

const key = (userId: string) => `bansos.firstTasks.hidden.${userId}`;

/**
 * On Beranda until its user hides it: the three tasks their role most often comes to do, each
 * a link to the page that does it. Hidden per user on this computer (local storage), so a
 * colleague at the same desk still sees theirs.
 */
export function FirstTasks() {
  const s = useStrings(guideStrings);
  const { session } = useSession();
  const can = useCan();
  const user = session.user;
  const [hidden, setHidden] = useState(() => localStorage.getItem(key(user.id)) === '1');
  if (hidden) return null;
  const allowed = (path: string) => {
    const route = ROUTES.find((r) => path === r.path || path.startsWith(`${r.path}/`));
    return !route?.permission || can(route.permission);
  };
  const tasks = s.tasks[user.role].filter((t) => allowed(t.path));
  if (!tasks.length) return null;
  const hide = () => {
    localStorage.setItem(key(user.id), '1');
    setHidden(true);
  };
  return (
    <section className="first-tasks" aria-labelledby="first-tasks-title">
      <div className="first-tasks-head">
        <div>
          <h2 id="first-tasks-title">{s.tasksTitle}</h2>
          <p>{s.tasksIntro}</p>
        </div>
        <button type="button" className="btn btn-sm" onClick={hide}>
          {s.dismiss}
        </button>
      </div>
      <ol>
        {tasks.map((t) => (
          <li key={t.path}>
            <a href={`#${t.path}`}>{t.title}</a>
            <span>{t.detail}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
