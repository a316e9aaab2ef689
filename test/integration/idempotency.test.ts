import { idempotencyRules } from "../helpers/idempotency-rules.js";

idempotencyRules("in memory", {});
