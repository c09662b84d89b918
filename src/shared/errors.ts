/**
 * An expected failure of a business rule. It carries the locale key (and
 * variables) of the message the member should see; handlers translate it.
 */
export class DomainError extends Error {
  constructor(
    readonly key: string,
    readonly vars: Record<string, string | number> = {},
  ) {
    super(key);
    this.name = "DomainError";
  }
}

export class ForbiddenError extends DomainError {
  constructor(key = "errors-forbidden") {
    super(key);
    this.name = "ForbiddenError";
  }
}

export class NotFoundError extends DomainError {
  constructor(key = "errors-not-found") {
    super(key);
    this.name = "NotFoundError";
  }
}
