// GitHub's error responses: 404 for what does not exist or is not visible to the caller, 403 for what the
// credential may not do, 409/422 for conflicts and failed preconditions, always with GitHub's body shape
// ({message, errors?, documentation_url, status}). documentation_url names the operation's page of the REST
// docs when the error comes from a route (server/http.ts fills it in).

export interface FieldError {
  readonly resource: string;
  readonly field: string;
  readonly code: string;
  readonly message?: string;
}

export const REST_DOCS = 'https://docs.github.com/rest';

export class GhError extends Error {
  readonly status: number;
  readonly errors: (FieldError | string)[] | undefined;
  readonly docsUrl: string | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(status: number, message: string, errors?: (FieldError | string)[], docsUrl?: string, headers?: Record<string, string>) {
    super(message);
    this.name = 'GhError';
    this.status = status;
    this.errors = errors;
    this.docsUrl = docsUrl;
    this.headers = headers;
  }

  body(fallbackDocs = REST_DOCS): Record<string, unknown> {
    const body: Record<string, unknown> = { message: this.message };
    if (this.errors) body.errors = this.errors;
    body.documentation_url = this.docsUrl ?? fallbackDocs;
    body.status = String(this.status);
    return body;
  }
}

export const notFound = (): GhError => new GhError(404, 'Not Found');
export const unauthorized = (message = 'Bad credentials'): GhError => new GhError(401, message);
export const forbidden = (message: string): GhError => new GhError(403, message);
export const conflict = (message: string): GhError => new GhError(409, message);
export const invalid = (message: string, errors?: FieldError[]): GhError => new GhError(422, message, errors);
/** 403 for an installation token whose permissions do not cover the call, in GitHub's words. */
export const notAccessible = (): GhError => new GhError(403, 'Resource not accessible by integration');
/** 422 for a request body GitHub's schema refuses ("Invalid request.\n\n" + what is wrong). */
export const invalidRequest = (lines: readonly string[]): GhError => new GhError(422, `Invalid request.\n\n${lines.join('\n')}`);
