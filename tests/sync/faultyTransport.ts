import { pushResponse, type PushRequest, type PushResponse } from '../../common/sync/protocol.ts';
import { callServer, type Transport } from '../../core/sync/transport.ts';
import { qb, type Sql } from '../../db/sql.ts';

/**
 * The negative control's client: it marks its outbox acknowledged the moment a push is sent,
 * and takes every push as accepted whatever the server answers, so it never resends. A request
 * lost on the way loses its changes: the sync suite must catch that.
 */
export function ackBeforeResponse(sql: Sql, now: () => string): Transport {
  const transport: Transport = async (target, method, path, body, transfer, reply) => {
    const mutations = path === 'v1/push' ? (body as PushRequest).mutations : [];
    const last = mutations.at(-1);
    if (!last) return callServer(target, method, path, body, transfer, reply);
    sql.run(
      qb
        .updateTable('sync_outbox')
        .set({ acked_at: now() })
        .where('acked_at', 'is', null)
        .where('device_seq', '<=', last.seq),
    );
    const answer = await callServer(target, method, path, body, transfer, pushResponse);
    const believed: PushResponse = {
      expectedSeq: last.seq + 1,
      lastHash: last.hash,
      results: answer.results,
    };
    return reply.parse(believed);
  };
  return transport;
}
