#!/usr/bin/env python3
"""tsa-services.py FOLDER: the trusted-time services of tsalib for a test
written in another language (the display tests of tests/app).

Makes the test PKI in FOLDER with a signer "signer" (PKCS#12 passphrase
wflib.PKI_PASS, its certificate pointing at the OCSP responder and the
CRL), starts the HTTP server (TSA at /tsa, CRL) and the OCSP responder,
and prints one JSON line: {"tsa_url", "ca", "signer_p12"}. Then it reads
commands, one a line, on stdin, and answers each with "ok":
  stop-tsa    the HTTP server stops (no TSA, no CRL)
  start-tsa   it starts again on the same port
  quit        everything stops (as does the end of stdin)
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True

from tsalib import Services  # noqa: E402


def main():
    svc = Services(sys.argv[1])
    try:
        signer = svc.pki.issue("signer", "Sealdesk Test Signer")
        svc.start_http()
        svc.start_ocsp()
        print(json.dumps({"tsa_url": svc.tsa_url, "ca": svc.pki.ca, "signer_p12": signer["p12"]}),
              flush=True)
        for line in sys.stdin:
            command = line.strip()
            if command == "stop-tsa":
                svc.stop_http()
            elif command == "start-tsa":
                svc.start_http()
            elif command == "quit":
                break
            print("ok", flush=True)
    finally:
        svc.stop()


if __name__ == "__main__":
    main()
