// Runs what a CMS plugin does, end to end, against a running API, and prints what it got as JSON.
//
//   echo '{"endpoint": "http://127.0.0.1:8000/graphql", "claim": "...", "draft": "...",
//          "article": {"id": "cms-1", "body": "..."}, "apiKey": "..."}' | node demo.mjs
//
// "article" (ingest, then check its first sentence, then delete) needs "apiKey".
import { FactcheckClient, FactcheckError, highlightRanges, segments } from "./factcheck-cms.mjs";

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

function failure(error) {
  if (error instanceof FactcheckError) {
    return { name: error.name, code: error.code, status: error.status, message: error.message,
             fields: error.fields ?? null };
  }
  throw error;
}

const plan = await readStdin();
const client = new FactcheckClient({ endpoint: plan.endpoint, apiKey: plan.apiKey });
const out = {};

if (plan.claim) out.check = await client.check(plan.claim).catch(failure);
if (plan.draft !== undefined) {
  try {
    const result = await client.checkText(plan.draft);
    const ranges = highlightRanges(plan.draft, result);
    out.checkText = result;
    out.ranges = ranges;
    out.segments = segments(plan.draft, ranges).map((piece) => ({
      text: piece.text,
      verdict: piece.range?.verdict ?? null,
    }));
  } catch (error) {
    out.checkText = failure(error);
  }
}
if (plan.article) {
  out.ingest = await client.ingestArticle(plan.article).catch(failure);
  if (plan.afterIngestClaim) out.afterIngest = await client.check(plan.afterIngestClaim).catch(failure);
  if (plan.article.id && plan.delete !== false) {
    out.delete = await client.deleteArticle(plan.article.id).catch(failure);
  }
}
process.stdout.write(JSON.stringify(out, null, 2) + "\n");
