import { describe, expect, it } from 'vitest';
import { subjectAltNames } from './certificate-sans';

// Made with `openssl req -x509 … -addext "subjectAltName=DNS:issuer.example.com,URI:https://issuer.example.com/issuers/acme,
// IP:127.0.0.1,IP:2001:db8::1"`, and one without the extension.
const WITH_SANS = `-----BEGIN CERTIFICATE-----
MIIB9zCCAZ2gAwIBAgIUGmAjMdqIZiletxmQqXx/rySFZPcwCgYIKoZIzj0EAwIw
IDERMA8GA1UEAwwIU0FOIHRlc3QxCzAJBgNVBAYTAkRFMB4XDTI2MTIwNzAwNDcz
OFoXDTI3MDEwNjAwNDczOFowIDERMA8GA1UEAwwIU0FOIHRlc3QxCzAJBgNVBAYT
AkRFMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE3RZckqQxRvE+bFf3IWnfUwHg
D6xetzA2o0dwzIk6vgmIIf8kUch5eVg6zUCzaABT6I8/9dgBg4XZtpXmkJLMxKOB
tDCBsTAdBgNVHQ4EFgQUFbkRDg2q7wlSn+27aDbSh2jj+V4wHwYDVR0jBBgwFoAU
FbkRDg2q7wlSn+27aDbSh2jj+V4wDwYDVR0TAQH/BAUwAwEB/zBeBgNVHREEVzBV
ghJpc3N1ZXIuZXhhbXBsZS5jb22GJ2h0dHBzOi8vaXNzdWVyLmV4YW1wbGUuY29t
L2lzc3VlcnMvYWNtZYcEfwAAAYcQIAENuAAAAAAAAAAAAAAAATAKBggqhkjOPQQD
AgNIADBFAiEA46/rnIF0KcAIAhRVZoHAWLXFihzfn6riXwTeU8y/vjQCIEJdor3D
7cILdRamqG++korib0fclMIrwkDZ1KMSksUr
-----END CERTIFICATE-----`;
const WITHOUT_SANS = `-----BEGIN CERTIFICATE-----
MIIBkjCCATegAwIBAgIUV83CpK6/wCicyTYepcmJI51wvIYwCgYIKoZIzj0EAwIw
HjEPMA0GA1UEAwwGTm8gU0FOMQswCQYDVQQGEwJERTAeFw0yNjEyMDcwMDQ3Mzha
Fw0yNzAxMDYwMDQ3MzhaMB4xDzANBgNVBAMMBk5vIFNBTjELMAkGA1UEBhMCREUw
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAR1/Ls0dQQGtEtCtJR3sZvQEmbLkIrC
US4YmtbEF8QucgbbvOB4L0A/keIP008Ap8pkEgTnRDSE2AQHZNtVT/SNo1MwUTAd
BgNVHQ4EFgQUfk5G9Z3nvxKZaLa/n9y/ICsuQNMwHwYDVR0jBBgwFoAUfk5G9Z3n
vxKZaLa/n9y/ICsuQNMwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNJADBG
AiEArFLsKRr+FPW6Wyri8WzcLnqisdR/Z614hxCbHyzc7kYCIQC5v8Ez71CzyPjN
FKnH7uCwMCtVLPVln6SgL+GGmrcRiA==
-----END CERTIFICATE-----`;

describe('subjectAltNames', () => {
  it('reads DNS names, URIs and IPv4/IPv6 addresses from the certificate', () => {
    expect(subjectAltNames(WITH_SANS)).toEqual({
      dnsNames: ['issuer.example.com'],
      uris: ['https://issuer.example.com/issuers/acme'],
      ipAddresses: ['127.0.0.1', '2001:db8::1'],
    });
  });

  it('is undefined without the extension, and for text that is not a certificate', () => {
    expect(subjectAltNames(WITHOUT_SANS)).toBeUndefined();
    expect(subjectAltNames('not a pem')).toBeUndefined();
    expect(subjectAltNames('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toBeUndefined();
  });
});
