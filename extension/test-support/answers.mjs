// Realistic POST /v1/check answers in the API contract's shape, for unit tests only
// (the end-to-end test runs the real API).

export function passage(overrides = {}) {
  return {
    id: 'e98f405c97534c67:0',
    text:
      'Foreign Minister Sergei Lavrov earlier told journalists that Ukraine would be ' +
      'demilitarized even if a peace agreement were signed.',
    score: 0.91,
    stance: { label: 'supports', confidence: 0.88, reason: null },
    attribution: { speaker: 'Foreign Minister Sergei Lavrov', cue: 'told' },
    article: {
      id: 'e98f405c97534c67',
      title: 'Russia takes Kherson government building in siege of Ukraines port cities',
      url: 'https://www.unionleader.com/news/military/russia-takes-kherson.html',
      source: 'unionleader.com',
      published_at: '2022-03-03',
      author: null,
    },
    sentence_index: 0,
    context: {
      before: null,
      after: 'He blamed Ukraine for a delay in talks.',
    },
    also_in: [{ article_id: '62c23869d16e3724', source: null, url: null }],
    ...overrides,
  };
}

export const lavrovAnswer = {
  claim:
    'Foreign Minister Sergei Lavrov earlier told journalists that Ukraine would be demilitarized ' +
    'even if a peace agreement were signed.',
  verdict: { label: 'supported', confidence: 0.86 },
  supporting: [passage()],
  contradicting: [
    passage({
      id: '63e94df4db2917e2:7',
      text:
        'Earlier, the Russian Foreign Minister Sergey Lavrov had said that while Moscow was ready ' +
        'for talks, it would continue their attack on the Ukrainian military infrastructure.',
      score: 0.52,
      stance: { label: 'contradicts', confidence: 0.61, reason: 'numbers differ' },
      attribution: { speaker: 'the Russian Foreign Minister Sergey Lavrov', cue: 'had said' },
      article: {
        id: '63e94df4db2917e2',
        title: null,
        url: null,
        source: null,
        published_at: null,
        author: null,
      },
      context: { before: null, after: null },
      also_in: [],
    }),
  ],
  related: [
    passage({
      id: 'b3df4737260a1939:10',
      text: 'The second round of talks began in Belarus on Thursday.',
      score: 0.31,
      stance: { label: 'neutral', confidence: 0.7, reason: null },
      attribution: null,
      article: {
        id: 'b3df4737260a1939',
        title: 'Talks in Belarus',
        url: 'https://example.org/talks',
        source: 'AP',
        published_at: '2022-03-03',
        author: 'Jane Doe',
      },
      also_in: [],
    }),
  ],
};

export const emptyAnswer = {
  claim: 'The moon is made of cheese.',
  verdict: { label: 'not_enough_evidence', confidence: 0 },
  supporting: [],
  contradicting: [],
  related: [],
};

// A published review of the same claim, as fact_checks[] carries it.
export function factCheck(overrides = {}) {
  return {
    id: 'fc_0123456789abcdef',
    claim: 'Pope Francis endorsed Donald Trump for president.',
    claimant: 'WTOE 5 News',
    claim_date: '2016-07-10',
    publisher: 'Snopes',
    publisher_site: 'snopes.com',
    url: 'https://www.snopes.com/fact-check/pope-francis-donald-trump-endorsement/',
    title: 'Did Pope Francis Endorse Donald Trump?',
    review_date: '2016-07-10',
    language: 'en',
    rating: 'false',
    rating_normalised: 'false',
    appearances: [],
    similarity: 0.93,
    ...overrides,
  };
}
