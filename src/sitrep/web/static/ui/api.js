// The REST client: JSON in and out, RFC 9457 problem details turned into ApiError (whose
// message is the problem's "detail"), the write token sent as a Bearer header.

/** An error answer from the API (or the network), with the problem document when there is one. */
export class ApiError extends Error {
  constructor(status, title, detail, problem = null) {
    super(detail || title || `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.title = title;
    this.problem = problem;
  }
}

/** True for the error an aborted fetch rejects with (a newer request replaced it). */
export function isAbort(error) {
  return error && (error.name === "AbortError" || error.name === "TimeoutError");
}

/**
 * Query string from an object; null, undefined, "" and false values are left out, arrays repeat.
 * @param {Record<string, any>} params
 */
export function queryString(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value === null || value === undefined || value === "" || value === false) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/**
 * @param {{ token: () => string }} options  token(): the write token to send ("" = none)
 */
export function createApi({ token }) {
  async function request(method, path, { query, body, signal } = {}) {
    const headers = { Accept: "application/json, application/problem+json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const bearer = method !== "GET" ? token() : "";
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    let response;
    try {
      response = await fetch(path + queryString(query), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        credentials: "same-origin",
      });
    } catch (error) {
      if (isAbort(error)) throw error;
      throw new ApiError(0, "Network error", `the server could not be reached (${error.message})`);
    }
    const type = response.headers.get("content-type") || "";
    const data = type.includes("json") ? await response.json().catch(() => null) : null;
    if (!response.ok) {
      const detail = data && typeof data.detail === "string" ? data.detail : `HTTP ${response.status} for ${path}`;
      throw new ApiError(response.status, data && data.title, detail, data);
    }
    return data;
  }

  return {
    get: (path, query, signal) => request("GET", path, { query, signal }),
    post: (path, body) => request("POST", path, { body }),
  };
}

/**
 * Keeps only the newest of a series of requests: each call aborts the previous one, so a
 * slow old answer never overwrites a newer one.
 * @returns {(run: (signal: AbortSignal) => Promise<any>) => Promise<any>}
 */
export function latestOnly() {
  let controller = null;
  return (run) => {
    if (controller) controller.abort();
    const mine = new AbortController();
    controller = mine;
    return run(mine.signal).finally(() => {
      if (controller === mine) controller = null;
    });
  };
}
