import { exportScores } from '../lib/scoring/scores-export';
import type { Session } from './session.svelte';

/** Offers the scores of every scored document as a JSON file (a download made in the page: no upload). */
export function downloadScores(session: Session): void {
  const info = session.scoresModel;
  if (!info) return; // nothing was ever scored
  const documents = session.documents.flatMap((doc) => {
    const scores = session.scoresFor(doc);
    return scores ? [{ index: doc.index, origin: doc.origin, scores }] : [];
  });
  const data = exportScores(
    __SEMISYNTH_VERSION__,
    { modelId: info.modelId, dtype: info.dtype, device: info.device, k: documents[0]?.scores.k ?? 0 },
    documents,
  );
  downloadText('semisynth-scores.json', JSON.stringify(data), 'application/json');
}

/** Offers text as a file download, made in the page: nothing is uploaded. */
export function downloadText(name: string, text: string, type: string): void {
  downloadBlob(name, new Blob([text], { type }));
}

/** Offers a Blob (a PNG drawn in the page, say) as a file download: nothing is uploaded. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
