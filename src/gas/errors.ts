// Problems the owner can fix: a message key and its details, turned into the owner's words at the edge.

export class UserFacingError extends Error {
  constructor(
    readonly code: string,
    readonly detail: Record<string, string> = {},
  ) {
    super(code + (Object.keys(detail).length ? ` ${JSON.stringify(detail)}` : ''));
    this.name = 'UserFacingError';
  }
}
