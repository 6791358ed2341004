import { createHash, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface SandboxCertificates {
  /** The throwaway certificate authority; trust it (as `ca`, or in a browser profile) to talk to the sandbox. */
  caPem: string;
  /** The leaf certificate (covers every host given) and its private key, for the TLS listener. */
  certPem: string;
  keyPem: string;
  /** base64(sha256(SubjectPublicKeyInfo)) of the leaf: the form Chromium's --ignore-certificate-errors-spki-list takes. */
  leafSpkiSha256: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** RSA keys from node:crypto (native, ~50 ms) rather than forge's pure-JS keygen (seconds). */
function rsaKeyPair(): {
  publicKey: forge.pki.PublicKey;
  privateKey: forge.pki.rsa.PrivateKey;
  privateKeyPem: string;
} {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey),
    privateKey: forge.pki.privateKeyFromPem(privateKey),
    privateKeyPem: privateKey,
  };
}

function newCertificate(
  publicKey: forge.pki.PublicKey,
  subject: forge.pki.CertificateField[],
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial: clear the top bit so the DER INTEGER is not read as negative.
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  cert.serialNumber = serial.toString('hex');
  // Back-dated a day so clock skew between processes never makes it "not yet valid"; short-lived because it
  // only lives as long as one sandbox run.
  const now = Date.now();
  cert.validity.notBefore = new Date(now - DAY_MS);
  cert.validity.notAfter = new Date(now + 30 * DAY_MS);
  cert.setSubject(subject);
  return cert;
}

/** A fresh CA and one leaf certificate for `hosts` (plus localhost, 127.0.0.1 and *.example), in memory only. */
export function createCertificates(hosts: readonly string[]): SandboxCertificates {
  const caKeys = rsaKeyPair();
  const caSubject = [
    { name: 'commonName', value: 'Homeward Sandbox CA' },
    { name: 'organizationName', value: 'Homeward sandbox (throwaway, generated per run)' },
  ];
  const ca = newCertificate(caKeys.publicKey, caSubject);
  ca.setIssuer(caSubject);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const leafKeys = rsaKeyPair();
  const leaf = newCertificate(leafKeys.publicKey, [{ name: 'commonName', value: hosts[0] ?? 'localhost' }]);
  leaf.setIssuer(caSubject);
  const dnsNames = [...new Set([...hosts, 'localhost', '*.example'])];
  leaf.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
    {
      name: 'subjectAltName',
      altNames: [...dnsNames.map((value) => ({ type: 2, value })), { type: 7, ip: '127.0.0.1' }],
    },
  ]);
  leaf.sign(caKeys.privateKey, forge.md.sha256.create());

  const certPem = forge.pki.certificateToPem(leaf);
  const spkiDer = createPublicKey(certPem).export({ type: 'spki', format: 'der' });
  return {
    caPem: forge.pki.certificateToPem(ca),
    certPem,
    keyPem: leafKeys.privateKeyPem,
    leafSpkiSha256: createHash('sha256').update(spkiDer).digest('base64'),
  };
}
