import { exportScores } from '../lib/scoring/export';
import type { Session } from './session.svelte';

/** Offers the scores of every scored document as a JSON file (a download made in the page: no upload). */
export function downloadScores(session: Session): void {
  if (session.model.status !== 'ready') return;
  const { info } = session.model;
  const documents = session.documents.flatMap((doc) => {
    const scores = session.scoresFor(doc);
    return scores ? [{ index: doc.index, origin: doc.origin, scores }] : [];
  });
  const data = exportScores(
    __SEMISYNTH_VERSION__,
    { modelId: info.modelId, dtype: info.dtype, device: info.device, k: documents[0]?.scores.k ?? 0 },
    documents,
  );
  const url = URL.createObjectURL(new Blob([JSON.stringify(data)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = 'semisynth-scores.json';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
