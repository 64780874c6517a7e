import { formatDateTime } from './format';
import { OfferQrCode } from './OfferQrCode';
import classes from './qr-sheet.module.css';
import type { BatchResultRow } from './results-csv';

/** One card per offer to cut out and hand over: QR code, the holder's name, the transaction code, the expiry. */
export function QrSheet({ rows, withTxCode = true }: { rows: BatchResultRow[]; withTxCode?: boolean }) {
  return (
    <section className={classes.sheet} aria-label="Sheet of QR codes" data-testid="qr-sheet">
      {rows.map(({ row, name, offer }) => (
        <article key={offer.offerId} className={classes.card} aria-label={`Offer for ${name || `row ${row}`}`}>
          <OfferQrCode value={offer.credentialOffer} size={190} label={`QR code for ${name || `row ${row}`}`} data-testid="sheet-qr" />
          <div className={classes.name}>{name || `Row ${row}`}</div>
          {withTxCode && offer.txCodeValue && (
            <div>
              <div className={classes.meta}>Transaction code</div>
              <div className={classes.code}>{offer.txCodeValue}</div>
            </div>
          )}
          <div className={classes.meta}>Valid until {formatDateTime(offer.expiresAt)}</div>
        </article>
      ))}
    </section>
  );
}

export const noPrintClass = classes.noPrint;
