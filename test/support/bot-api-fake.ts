// The Bot API fake lives in test/support/bot-api-fake/; this path keeps existing imports working.
export * from "./bot-api-fake/index.js";
