import type http from "node:http";
import type { Translator } from "../../bot/i18n.js";
import type { HttpRoute } from "../../http/routes.js";
import { clientKey, createRateLimiter, type RateLimiter } from "../../http/rate-limit.js";
import type { FailureLog } from "../../shared/failure-log.js";
import {
  negotiateLocale,
  notFoundPage,
  portfolioPage,
  rateLimitedPage,
  unavailablePage,
  verificationPage,
  type PageContext,
  type RenderedPage,
} from "./certificates.page.js";
import type { FeatureDeps } from "../feature.js";
import { normaliseCode, normaliseSlug } from "./certificates.codes.js";
import { documentIssuer } from "./certificates.documents.js";
import type { CertificatesService } from "./certificates.service.js";
import type { PublicPortfolioView, VerificationView } from "./certificates.types.js";

/** What the public pages need: two lookups (the service's), the limit and the texts. */
export interface CertificatesHttpDeps {
  /** The public facts of the document with this (uppercase) code; undefined when there is none. */
  verify(code: string): Promise<VerificationView | undefined>;
  /** The public portfolio at this slug; undefined when there is none or its holder switched it off. */
  portfolio(slug: string): Promise<PublicPortfolioView | undefined>;
  /** Requests per minute per client address (config's verifyRatePerMinute), or a limiter of one's own. */
  rateLimit: { perMinute: number; maxKeys?: number } | RateLimiter;
  translator: Pick<Translator, "forLocale">;
  /** The issuing community's name (config's issuer.communityName). */
  communityName: string;
  /** The zone dates are shown in (config's defaultTimezone). */
  timeZone: string;
  /** Behind a reverse proxy (config's trustProxy): the client is the last X-Forwarded-For address. */
  trustProxy?: boolean;
  /** Where a failed lookup is logged (the reader gets a 503 page). */
  failures?: Pick<FailureLog, "report">;
}

/**
 * The routes of the public pages: `GET /v/<code>` (verification; the QR code
 * on every document points there) and `GET /p/<slug>` (public portfolio).
 * Every path under /v and /p is counted against the per-address limit first
 * (429 with Retry-After); a malformed code or slug (certificates.codes.ts:
 * codes are 10–12 base32 characters, any case; slugs lowercase base32) gets
 * the same 404 page as an unknown one without a database query. The slice's
 * module returns these from `httpRoutes` ({@link certificatesModuleRoutes}).
 */
export function certificatesHttpRoutes(deps: CertificatesHttpDeps): HttpRoute[] {
  const limiter: RateLimiter = "take" in deps.rateLimit ? deps.rateLimit : createRateLimiter(deps.rateLimit);

  const contextOf = (req: http.IncomingMessage): PageContext => {
    const header = req.headers["accept-language"];
    const locale = negotiateLocale(Array.isArray(header) ? header.join(",") : header);
    return { t: deps.translator.forLocale(locale), locale, communityName: deps.communityName, timeZone: deps.timeZone };
  };

  /** A route for everything under /<prefix>, so that /v/x/y gets the same 404 page as an unknown code. */
  const route = (
    prefix: "v" | "p",
    normalise: (raw: string) => string | undefined,
    render: (ctx: PageContext, id: string) => Promise<RenderedPage | undefined>,
  ): HttpRoute => ({
    method: "GET",
    pattern: new RegExp(`^/${prefix}(?:/(.*))?$`),
    async handle(req, res, match) {
      const ctx = contextOf(req);
      const decision = limiter.take(clientKey(req, deps.trustProxy));
      if (!decision.ok) return send(res, rateLimitedPage(ctx, decision.retryAfterSeconds));
      // The slice's own check (certificates.codes.ts): a malformed id never reaches the database.
      const id = match[1] === undefined ? undefined : normalise(match[1]);
      if (id === undefined) return send(res, notFoundPage(ctx));
      let rendered: RenderedPage | undefined;
      try {
        rendered = await render(ctx, id);
      } catch (err) {
        deps.failures?.report(`public page /${prefix}: lookup failed`, err);
        return send(res, unavailablePage(ctx));
      }
      send(res, rendered ?? notFoundPage(ctx));
    },
  });

  return [
    route("v", normaliseCode, async (ctx, code) => {
      const view = await deps.verify(code);
      return view && verificationPage(view, ctx);
    }),
    route("p", normaliseSlug, async (ctx, slug) => {
      const view = await deps.portfolio(slug);
      return view && portfolioPage(view, ctx);
    }),
  ];
}

/**
 * The slice module's `httpRoutes`: the service's lookups with the config's
 * limit, issuer, zone and proxy setting. In src/features/certificates/index.ts:
 * `httpRoutes: certificatesModuleRoutes,`.
 */
export function certificatesModuleRoutes(
  deps: Pick<FeatureDeps, "config" | "translator" | "failures"> & { services: { certificates: Pick<CertificatesService, "verify" | "publicPortfolio"> } },
): HttpRoute[] {
  const { certificates } = deps.services;
  return certificatesHttpRoutes({
    verify: (code) => certificates.verify(code),
    portfolio: (slug) => certificates.publicPortfolio(slug),
    rateLimit: { perMinute: deps.config.verifyRatePerMinute },
    translator: deps.translator,
    communityName: documentIssuer(deps.config.issuer, deps.translator).communityName,
    timeZone: deps.config.defaultTimezone,
    trustProxy: deps.config.trustProxy,
    failures: deps.failures,
  });
}

function send(res: http.ServerResponse, page: RenderedPage): void {
  const body = Buffer.from(page.body, "utf8");
  res.writeHead(page.status, { ...page.headers, "content-length": String(body.length) });
  res.end(body);
}
