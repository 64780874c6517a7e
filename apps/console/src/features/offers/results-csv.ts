import Papa from 'papaparse';
import type { OfferResponse } from './types';

export interface BatchResultRow {
  /** 1-based row number in the uploaded file (not counting the header). */
  row: number;
  name: string;
  offer: OfferResponse;
}

/** The batch's offers as a CSV file to keep or mail-merge: one line per offer, in the uploaded order. */
export function resultsCsv(rows: BatchResultRow[]): string {
  // escapeFormulae: a name like "=HYPERLINK(…)" from the uploaded file must stay text in a spreadsheet.
  return Papa.unparse(
    {
      fields: ['row', 'name', 'offerId', 'sessionId', 'credentialOffer', 'txCodeValue', 'expiresAt'],
      data: rows.map(({ row, name, offer }) => [
        row,
        name,
        offer.offerId,
        offer.sessionId,
        offer.credentialOffer,
        offer.txCodeValue ?? '',
        offer.expiresAt ?? '',
      ]),
    },
    { escapeFormulae: true },
  );
}

/** Saves text as a file through a temporary object URL (a download, which the console's CSP does not restrict). */
export function downloadText(fileName: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
