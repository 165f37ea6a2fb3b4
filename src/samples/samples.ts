import fieldNotes from './field-notes.txt?raw';
import textbook from './textbook.txt?raw';
import multilingual from './multilingual.txt?raw';
import { COLLAPSED_SAMPLE } from './collapsed';

/** Short texts written for Semisynth, so a first-time visitor can score something at once. */
export const SAMPLES = [
  {
    name: 'sample: collapsed model',
    title: 'Collapsed model output (first run)',
    text: COLLAPSED_SAMPLE,
  },
  { name: 'sample: field notes', title: 'Field notes (human-like)', text: fieldNotes },
  { name: 'sample: textbook', title: 'Textbook paragraph (synthetic-like)', text: textbook },
  { name: 'sample: multilingual', title: 'Scripts, emoji, CRLF', text: multilingual },
];
