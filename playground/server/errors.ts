// GitHub's error responses: 404 for what does not exist or is not visible to the caller, 409/422 for
// conflicts and failed preconditions, always with GitHub's body shape ({message, documentation_url, status}).

export interface FieldError {
  readonly resource: string;
  readonly field: string;
  readonly code: string;
  readonly message?: string;
}

export class GhError extends Error {
  readonly status: number;
  readonly errors: FieldError[] | undefined;

  constructor(status: number, message: string, errors?: FieldError[]) {
    super(message);
    this.name = 'GhError';
    this.status = status;
    this.errors = errors;
  }

  body(): Record<string, unknown> {
    const body: Record<string, unknown> = {
      message: this.message,
      documentation_url: 'https://docs.github.com/rest',
      status: String(this.status),
    };
    if (this.errors) body.errors = this.errors;
    return body;
  }
}

export const notFound = (): GhError => new GhError(404, 'Not Found');
export const unauthorized = (message = 'Bad credentials'): GhError => new GhError(401, message);
export const forbidden = (message: string): GhError => new GhError(403, message);
export const conflict = (message: string): GhError => new GhError(409, message);
export const invalid = (message: string, errors?: FieldError[]): GhError => new GhError(422, message, errors);
