#!/bin/sh
# make-pki.sh OUTDIR: generate Sealdesk's test PKI into OUTDIR.
#
# Run at build time by tests/pki/meson.build; tests find OUTDIR in
# $SD_TEST_PKI. File names are fixed, keys are fresh on each run.
#
#   ca.pem               "Sealdesk Test Root CA" (self-signed root)
#   intermediate.pem     "Sealdesk Test Signing CA", issued by the root
#   ca-chain.pem         intermediate + root
#   other-ca.pem         "Unrelated Test Root CA": trusts nothing of ours
#   intermediate.crl.pem CRL of the signing CA (lists "revoked")
#   ca.crl.pem           CRL of the root CA (empty)
#   ca.key.pem, intermediate.key.pem, other-ca.key.pem   the CA keys
#
# and for each NAME below: NAME.key.pem (PKCS#8, unencrypted), NAME.cert.pem,
# NAME.chain.pem (intermediate + root), NAME.p12 (key + cert + chain,
# passphrase "sealdesk-test", OpenSSL 3 default algorithms):
#
#   rsa2048               RSA-2048 signer
#   ec-p256               EC P-256 signer
#   ec-p384               EC P-384 signer
#   expired               RSA-2048 signer, valid 2020-01-01 .. 2021-01-01
#   not-yet-valid         RSA-2048 signer, valid 2040-01-01 .. 2045-01-01
#   no-digital-signature  RSA-2048, keyUsage keyEncipherment only
#   revoked               RSA-2048 signer, revoked in intermediate.crl.pem
#   tsa                   RSA-2048 time-stamping authority
#                         (extendedKeyUsage critical timeStamping)
#
# Signers have keyUsage critical digitalSignature,nonRepudiation and
# extendedKeyUsage emailProtection; normal certificates are valid 3650 days
# from now. The signing CA's database stays in OUTDIR/ca-db (index.txt,
# openssl.cnf) so that a test can answer OCSP requests with `openssl ocsp`.
set -eu

if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi

OPENSSL=${OPENSSL:-openssl}
out=$1
db=$out/ca-db
SD_PKI_PASS=sealdesk-test
export SD_PKI_PASS

mkdir -p "$out"
rm -f "$out/pki.stamp"
rm -rf "$db"
mkdir -p "$db/root" "$db/intermediate" "$db/other" "$db/csr"
for ca in root intermediate other; do
  : > "$db/$ca/index.txt"
  echo "unique_subject = no" > "$db/$ca/index.txt.attr"
done
# Distinct serial ranges, so that no two certificates share a serial.
echo 1000 > "$db/root/serial"
echo 2000 > "$db/intermediate/serial"
echo 3000 > "$db/other/serial"
echo 1000 > "$db/root/crlnumber"
echo 2000 > "$db/intermediate/crlnumber"

cnf=$db/openssl.cnf
cat > "$cnf" <<EOF
[ ca ]
default_ca = intermediate

[ root ]
dir = $db/root
database = \$dir/index.txt
serial = \$dir/serial
crlnumber = \$dir/crlnumber
new_certs_dir = \$dir
certificate = $out/ca.pem
private_key = $out/ca.key.pem
default_md = sha256
default_crl_days = 3650
policy = policy_any
copy_extensions = none
unique_subject = no
email_in_dn = no

[ intermediate ]
dir = $db/intermediate
database = \$dir/index.txt
serial = \$dir/serial
crlnumber = \$dir/crlnumber
new_certs_dir = \$dir
certificate = $out/intermediate.pem
private_key = $out/intermediate.key.pem
default_md = sha256
default_crl_days = 3650
policy = policy_any
copy_extensions = none
unique_subject = no
email_in_dn = no

[ other ]
dir = $db/other
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
certificate = $out/other-ca.pem
private_key = $out/other-ca.key.pem
default_md = sha256
policy = policy_any
copy_extensions = none
unique_subject = no
email_in_dn = no

[ policy_any ]
countryName = optional
organizationName = optional
commonName = supplied

[ req ]
distinguished_name = req_dn
prompt = no
[ req_dn ]
CN = unused

[ v3_root ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ v3_intermediate ]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ v3_signer ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ v3_no_digital_signature ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,keyEncipherment
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ v3_tsa ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF

# genkey NAME rsa|p256|p384: PKCS#8 private key into OUTDIR/NAME.key.pem
genkey () {
  case $2 in
    rsa)  set -- "$1" -algorithm RSA -pkeyopt rsa_keygen_bits:2048 ;;
    p256) set -- "$1" -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
                      -pkeyopt ec_param_enc:named_curve ;;
    p384) set -- "$1" -algorithm EC -pkeyopt ec_paramgen_curve:P-384 \
                      -pkeyopt ec_param_enc:named_curve ;;
  esac
  name=$1
  shift
  "$OPENSSL" genpkey "$@" -out "$out/$name.key.pem" 2>/dev/null
}

# issue CA EXTENSIONS NAME SUBJECT [openssl ca date options...]
issue () {
  ca=$1 ext=$2 name=$3 subj=$4
  shift 4
  "$OPENSSL" req -new -config "$cnf" -key "$out/$name.key.pem" \
    -subj "$subj" -out "$db/csr/$name.csr"
  if [ "$ca" = root-self ] || [ "$ca" = other-self ]; then
    ca=${ca%-self}
    key=$out/$name.key.pem
    set -- "$@" -selfsign -keyfile "$key"
  fi
  "$OPENSSL" ca -batch -notext -config "$cnf" -name "$ca" \
    -extensions "$ext" "$@" \
    -in "$db/csr/$name.csr" -out "$out/$name.cert.pem" 2>"$db/ca.log" || {
      cat "$db/ca.log" >&2
      exit 1
    }
}

# signer NAME KEYTYPE EXTENSIONS CN [date options...]
signer () {
  name=$1 keytype=$2 ext=$3 cn=$4
  shift 4
  genkey "$name" "$keytype"
  issue intermediate "$ext" "$name" "/C=DE/O=Sealdesk Test/CN=$cn" "$@"
  cp "$out/ca-chain.pem" "$out/$name.chain.pem"
  "$OPENSSL" pkcs12 -export -passout env:SD_PKI_PASS -name "$cn" \
    -inkey "$out/$name.key.pem" -in "$out/$name.cert.pem" \
    -certfile "$out/$name.chain.pem" -out "$out/$name.p12"
}

# Certification authorities.
genkey ca rsa
issue root-self v3_root ca "/C=DE/O=Sealdesk Test/CN=Sealdesk Test Root CA" \
  -days 7300
mv "$out/ca.cert.pem" "$out/ca.pem"

genkey intermediate rsa
issue root v3_intermediate intermediate \
  "/C=DE/O=Sealdesk Test/CN=Sealdesk Test Signing CA" -days 7300
mv "$out/intermediate.cert.pem" "$out/intermediate.pem"
cat "$out/intermediate.pem" "$out/ca.pem" > "$out/ca-chain.pem"

genkey other-ca rsa
issue other-self v3_root other-ca \
  "/C=DE/O=Unrelated Test/CN=Unrelated Test Root CA" -days 7300
mv "$out/other-ca.cert.pem" "$out/other-ca.pem"

# Signers.
signer rsa2048 rsa v3_signer "Sealdesk Test Signer RSA-2048" -days 3650
signer ec-p256 p256 v3_signer "Sealdesk Test Signer EC P-256" -days 3650
signer ec-p384 p384 v3_signer "Sealdesk Test Signer EC P-384" -days 3650
signer expired rsa v3_signer "Sealdesk Test Signer Expired" \
  -startdate 20200101000000Z -enddate 20210101000000Z
signer not-yet-valid rsa v3_signer "Sealdesk Test Signer Not Yet Valid" \
  -startdate 20400101000000Z -enddate 20450101000000Z
signer no-digital-signature rsa v3_no_digital_signature \
  "Sealdesk Test Encryption Only" -days 3650
signer revoked rsa v3_signer "Sealdesk Test Signer Revoked" -days 3650
signer tsa rsa v3_tsa "Sealdesk Test TSA" -days 3650

# Revocation lists.
"$OPENSSL" ca -batch -config "$cnf" -name intermediate \
  -revoke "$out/revoked.cert.pem" -crl_reason keyCompromise 2>"$db/ca.log" || {
    cat "$db/ca.log" >&2
    exit 1
  }
"$OPENSSL" ca -batch -config "$cnf" -name intermediate -gencrl \
  -out "$out/intermediate.crl.pem" 2>"$db/ca.log"
"$OPENSSL" ca -batch -config "$cnf" -name root -gencrl \
  -out "$out/ca.crl.pem" 2>"$db/ca.log"

# Sanity: every normal signer chains to the root.
for name in rsa2048 ec-p256 ec-p384 no-digital-signature revoked tsa; do
  "$OPENSSL" verify -CAfile "$out/ca.pem" -untrusted "$out/intermediate.pem" \
    "$out/$name.cert.pem" > /dev/null
done

touch "$out/pki.stamp"
