/**
 * What a host (web host, sync server) answers for an error its HTTP framework raised before any
 * handler ran: a body that is not JSON, too large, of the wrong type. Indonesian, in the product's
 * error shape; never the framework's English text.
 */
export interface HostErrorAnswer {
  status: number;
  code: string;
  message: string;
}

export function hostErrorAnswer(error: unknown, limits: { bodyLimitBytes?: number } = {}): HostErrorAnswer {
  const e = (error ?? {}) as { statusCode?: unknown; code?: unknown; name?: unknown };
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  const code = typeof e.code === 'string' ? e.code : '';
  if (status === 413 || code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const mb = limits.bodyLimitBytes
      ? ` (paling besar ${Math.round(limits.bodyLimitBytes / 1024 / 1024)} MB)`
      : '';
    return {
      status: 413,
      code: 'TOO_LARGE',
      message: `Permintaan terlalu besar${mb}. Kirim data lebih sedikit.`,
    };
  }
  if (status === 415 || code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return {
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'Jenis isi permintaan tidak didukung. Kirim sebagai application/json.',
    };
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    return { status: 400, code: 'BAD_REQUEST', message: 'Isi permintaan kosong; diperlukan data JSON.' };
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.name === 'SyntaxError')
    return { status: 400, code: 'BAD_REQUEST', message: 'Isi permintaan bukan JSON yang sah.' };
  if (code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH')
    return {
      status: 400,
      code: 'BAD_REQUEST',
      message: 'Panjang isi permintaan tidak sesuai dengan yang dikirim.',
    };
  if (status === 404) return { status, code: 'NOT_FOUND', message: 'Alamat tidak ditemukan.' };
  if (status === 405) return { status, code: 'BAD_REQUEST', message: 'Metode permintaan tidak didukung.' };
  if (status === 408) return { status, code: 'TIMEOUT', message: 'Permintaan terlalu lama; coba lagi.' };
  if (status >= 400 && status < 500)
    return { status, code: 'BAD_REQUEST', message: 'Permintaan tidak valid.' };
  return { status: 500, code: 'INTERNAL', message: 'Terjadi kesalahan tak terduga di server.' };
}
