/* Word count, reading time and the title's length against what search
   results show (about 60 characters before they cut it). */
import { t, tn, fill } from './texts.js';

const WORDS_PER_MINUTE = 230;
export const TITLE_SHOWN = 60;

export function words(text) {
  const m = String(text).match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu);
  return m ? m.length : 0;
}

export function describe(bodyText, title) {
  const w = words(bodyText);
  const minutes = Math.max(1, Math.round(w / WORDS_PER_MINUTE));
  const length = [...String(title || '')].length;
  return {
    words: w,
    minutes,
    title: length,
    text: fill(tn('%d word', '%d words', w), w) + ' · ' + fill(tn('%d min read', '%d min read', minutes), minutes) +
      ' · ' + fill(t('title %d/%d characters'), length, TITLE_SHOWN) +
      (length > TITLE_SHOWN ? ' ' + t('(search results cut it)') : ''),
    long: length > TITLE_SHOWN,
  };
}
