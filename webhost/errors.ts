import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { hostErrorAnswer } from '../common/api/httpErrors.ts';

/**
 * The web host's own errors (malformed JSON, too large, wrong content type, unknown route) in
 * the product's shape `{ok:false, error:{code, message}}`, in Indonesian; a server fault gets a
 * reference printed in the log, never a stack trace in the answer.
 */
export function answerErrorsInIndonesian(app: FastifyInstance): void {
  // Calls are JSON (uploads declare their own octet-stream parser): a text/plain body, which a
  // page of another site may send without asking, is refused as 415 rather than dispatched.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((error, request, reply) => {
    const answer = hostErrorAnswer(error, { bodyLimitBytes: request.routeOptions?.bodyLimit });
    let message = answer.message;
    if (answer.status >= 500) {
      const reference = randomBytes(4).toString('hex');
      console.error(`[${reference}] ${request.method} ${request.url.split('?')[0]} failed:`, error);
      message = `${message} Bila terulang, laporkan kode ${reference} kepada administrator.`;
    }
    return reply
      .code(answer.status)
      .type('application/json; charset=utf-8')
      .send({ ok: false, error: { code: answer.code, message } });
  });
}
