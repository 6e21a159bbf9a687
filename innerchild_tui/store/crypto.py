"""Encryption at rest: keys, and sealing records so the file holds nothing a person wrote.

Pure functions and small value objects; no files. The format is described in
``docs/encryption.md`` (keep the two together):

- a random 256-bit *data key* seals every record (AES-256-GCM, a fresh 96-bit nonce each
  time); it is kept in the file only wrapped (AES-256-GCM) by a key derived from the
  passphrase with scrypt, and separately by a random recovery key, so changing the
  passphrase rewraps one key and re-encrypts nothing;
- each record keeps in the clear only what merging needs (``created_at``, ``updated_at``,
  ``device``, ``deleted``) and an id made from its real id with a keyed HMAC, so an id
  made from a name (``habit-walk-outside``) reveals nothing, and two computers with the
  same data key still make the same id; everything else is ``sealed``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT_VERSION = 1
CIPHER = "AES-256-GCM"
# scrypt's cost: 2**15 with r=8 takes about 0.1 s and 32 MiB on a laptop (bench/encryption.py);
# stored in the file, so a later version can raise it for new passphrases.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
MAX_SCRYPT_N = 2**20  # what a file may ask for: about 1 GiB and a few seconds at r=8
KEY_BYTES = 32
NONCE_BYTES = 12
# Fields every record keeps in the clear: what merging and tombstones need, nothing more.
PUBLIC_FIELDS = ("created_at", "updated_at", "device", "deleted")
# The one table kept in the clear: app name, database id, schema, version.
PLAIN_TABLES = frozenset({"meta"})
_WRAP_AAD = b"innerchild data key"
_DRAFT_AAD = b"innerchild draft"
_ID_LABEL = b"innerchild record ids"
_CHECK_LABEL = b"innerchild key check"


class WrongSecret(Exception):
    """The passphrase or recovery key does not unlock this file."""


class DamagedSeal(Exception):
    """A sealed record does not open with the right key: it was changed or damaged."""


# Secrets --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Passphrase:
    text: str

    def __repr__(self) -> str:  # never in a traceback or a log
        return "Passphrase(…)"


@dataclass(frozen=True)
class RecoveryKey:
    text: str

    def __repr__(self) -> str:
        return "RecoveryKey(…)"


@dataclass(frozen=True)
class DataKey:
    """The data key itself (as kept in the OS keyring by ``encryption remember``)."""

    key: bytes

    def __repr__(self) -> str:
        return "DataKey(…)"


Secret = Passphrase | RecoveryKey | DataKey


def secrets_for(text: str) -> list[Secret]:
    """What a typed answer may be: a passphrase, and a recovery key if it looks like one."""
    found: list[Secret] = [Passphrase(text)]
    if recovery_key_bytes(text) is not None:
        found.append(RecoveryKey(text))
    return found


# Keys ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Keys:
    """The unwrapped data key and what is derived from it."""

    data_key: bytes
    id_key: bytes
    check: str
    aead: AESGCM

    def __repr__(self) -> str:
        return f"Keys(check={self.check})"


def keys_from(data_key: bytes) -> Keys:
    if len(data_key) != KEY_BYTES:
        raise WrongSecret("a data key is 32 bytes")
    return Keys(
        data_key=data_key,
        id_key=hmac.new(data_key, _ID_LABEL, hashlib.sha256).digest(),
        check=key_check(data_key),
        aead=_aesgcm(data_key),
    )


def _aesgcm(key: bytes) -> AESGCM:
    """AES-GCM with ``key``. ``cryptography`` is imported here, when a file is sealed or
    opened, not at every start (6 MiB and about 12 ms that a file in the clear never uses)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def key_check(data_key: bytes) -> str:
    """A short public fingerprint of the data key: tells copies sealed with it apart."""
    return hmac.new(data_key, _CHECK_LABEL, hashlib.sha256).hexdigest()[:32]


def new_data_key() -> bytes:
    return os.urandom(KEY_BYTES)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text, validate=True)


def passphrase_bytes(passphrase: str) -> bytes:
    """The passphrase as scrypt gets it: Unicode NFC, UTF-8 (the same on every computer)."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def derive_key(passphrase: str, kdf: dict[str, Any]) -> bytes:
    """The key-encryption key from a passphrase and the file's stored scrypt parameters."""
    if kdf.get("name") != "scrypt":
        raise WrongSecret(f"unknown key derivation {kdf.get('name')!r}")
    n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
    # A file from a synced folder is not trusted to say how much memory and time to spend.
    if not (2**10 <= n <= MAX_SCRYPT_N and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16):
        raise WrongSecret("the file's key settings are out of range")
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    scrypt = Scrypt(salt=_unb64(kdf["salt"]), length=KEY_BYTES, n=n, r=r, p=p)
    return scrypt.derive(passphrase_bytes(passphrase))


def new_kdf(n: int = SCRYPT_N) -> dict[str, Any]:
    return {"name": "scrypt", "salt": _b64(os.urandom(16)), "n": n, "r": SCRYPT_R, "p": SCRYPT_P}


def wrap(kek: bytes, data_key: bytes) -> dict[str, str]:
    nonce = os.urandom(NONCE_BYTES)
    return {"nonce": _b64(nonce), "ct": _b64(_aesgcm(kek).encrypt(nonce, data_key, _WRAP_AAD))}


def unwrap(kek: bytes, wrapped: Any) -> bytes:
    from cryptography.exceptions import InvalidTag

    try:
        nonce, ct = _unb64(wrapped["nonce"]), _unb64(wrapped["ct"])
        return _aesgcm(kek).decrypt(nonce, ct, _WRAP_AAD)
    except (InvalidTag, KeyError, TypeError, ValueError, binascii.Error):
        raise WrongSecret("that does not unlock this file") from None


# Recovery keys: 32 random bytes, shown as 52 base32 letters in groups of four.
_RECOVERY_SPACE = re.compile(r"[\s-]+")


def new_recovery_key() -> tuple[str, bytes]:
    raw = os.urandom(KEY_BYTES)
    letters = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4)), raw


def recovery_key_bytes(text: str) -> bytes | None:
    """The recovery key's bytes, or None if ``text`` is not shaped like one."""
    letters = _RECOVERY_SPACE.sub("", text).upper()
    if len(letters) != 52:
        return None
    try:
        raw = base64.b32decode(letters + "====")
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == KEY_BYTES else None


# The header (meta.database.encryption) ------------------------------------------------
def new_header(
    data_key: bytes,
    passphrase: str,
    *,
    stamp: str,
    recovery_key: bytes | None = None,
    n: int = SCRYPT_N,
) -> dict[str, Any]:
    """The public header of a sealed file: how to get from a passphrase to the data key."""
    kdf = new_kdf(n)
    return {
        "version": FORMAT_VERSION,
        "cipher": CIPHER,
        "kdf": kdf,
        "wrapped_key": wrap(derive_key(passphrase, kdf), data_key),
        "recovery_wrapped_key": wrap(recovery_key, data_key) if recovery_key else None,
        "check": key_check(data_key),
        "changed_at": stamp,
    }


def rewrapped(
    header: dict[str, Any], data_key: bytes, passphrase: str, stamp: str
) -> dict[str, Any]:
    """The header with a new passphrase (new salt) for the same data key."""
    kdf = new_kdf(int(header.get("kdf", {}).get("n", SCRYPT_N)))
    return {
        **header,
        "kdf": kdf,
        "wrapped_key": wrap(derive_key(passphrase, kdf), data_key),
        "changed_at": stamp,
    }


def with_recovery_key(
    header: dict[str, Any], data_key: bytes, recovery_key: bytes, stamp: str
) -> dict[str, Any]:
    return {**header, "recovery_wrapped_key": wrap(recovery_key, data_key), "changed_at": stamp}


def is_header(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("check"), str)


def unlock(header: dict[str, Any], secret: Secret) -> Keys:
    """The keys of a sealed file. Raises :class:`WrongSecret`."""
    if header.get("version") != FORMAT_VERSION or header.get("cipher") != CIPHER:
        raise WrongSecret("this file was sealed by a newer innerchild-tui")
    if isinstance(secret, Passphrase):
        try:
            kek = derive_key(secret.text, header["kdf"])
        except (KeyError, TypeError, ValueError) as error:
            raise WrongSecret(f"the file's key settings are damaged ({error})") from None
        data_key = unwrap(kek, header.get("wrapped_key"))
    elif isinstance(secret, RecoveryKey):
        raw = recovery_key_bytes(secret.text)
        wrapped = header.get("recovery_wrapped_key")
        if raw is None or not wrapped:
            raise WrongSecret("that is not this file's recovery key")
        data_key = unwrap(raw, wrapped)
    else:
        data_key = secret.key
    keys = keys_from(data_key)
    if not hmac.compare_digest(keys.check, str(header.get("check", ""))):
        raise WrongSecret("that key belongs to another file")
    return keys


# Records ------------------------------------------------------------------------------
def sealed_id(keys: Keys, table: str, record_id: str) -> str:
    """The id a record has in a sealed file: the same on every computer, naming nothing."""
    mac = hmac.new(keys.id_key, f"{table}\x00{record_id}".encode(), hashlib.sha256)
    return mac.hexdigest()[:32]


def record_aad(table: str, key: str, updated_at: Any) -> bytes:
    return f"{table}\x00{key}\x00{updated_at if isinstance(updated_at, str) else ''}".encode()


def seal_record(
    keys: Keys, table: str, key: str, record: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """``(sealed id, sealed record)`` for the record stored under ``key`` in ``table``."""
    outer_key = sealed_id(keys, table, key)
    outer: dict[str, Any] = {"id": outer_key}
    inner: dict[str, Any] = {}
    for name, value in record.items():
        if name in PUBLIC_FIELDS:
            outer[name] = value
        else:
            inner[name] = value
    inner.setdefault("id", key)
    nonce = os.urandom(NONCE_BYTES)
    aad = record_aad(table, outer_key, record.get("updated_at"))
    ct = keys.aead.encrypt(nonce, orjson.dumps(inner), aad)
    outer["sealed"] = _b64(nonce + ct)
    return outer_key, outer


def open_record(
    keys: Keys, table: str, outer_key: str, outer: dict[str, Any]
) -> tuple[str, dict[str, Any], bytes]:
    """``(real key, record, the sealed JSON)``. Raises :class:`DamagedSeal`."""
    opened = open_tables({table: {outer_key: outer}}, keys)
    [(key, (record, _, _))] = opened.outer[table].items()
    return key, record, opened.plain_json[0]


def seal_blob(keys: Keys, payload: bytes, aad: bytes = _DRAFT_AAD) -> str:
    nonce = os.urandom(NONCE_BYTES)
    return _b64(nonce + keys.aead.encrypt(nonce, payload, aad))


def open_blob(keys: Keys, text: Any, aad: bytes = _DRAFT_AAD) -> bytes:
    from cryptography.exceptions import InvalidTag

    try:
        blob = _unb64(text)
        return keys.aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except (InvalidTag, TypeError, ValueError, binascii.Error):
        raise DamagedSeal("draft") from None


# Whole files --------------------------------------------------------------------------
HEADER_FIELD = "encryption"  # in meta.database
META_TABLE, META_KEY = "meta", "database"

Tables = dict[str, dict[str, dict[str, Any]]]


def header_hint(raw: bytes) -> dict[str, Any] | None:
    """The encryption header as the bytes around the file's ``"meta"`` table give it,
    without parsing the whole file: a guess, to start the key derivation while the file
    is parsed (:class:`EarlyUnlock`); the parsed file has the last word."""
    at = raw.rfind(b'"' + META_TABLE.encode() + b'":{')
    if at < 0:
        return None
    window = raw[at + len(META_TABLE) + 3 : at + len(META_TABLE) + 3 + 65536]
    try:
        meta, _ = json.JSONDecoder().raw_decode(window.decode("utf-8", errors="ignore"))
    except ValueError:
        return None
    database = meta.get(META_KEY) if isinstance(meta, dict) else None
    header = database.get(HEADER_FIELD) if isinstance(database, dict) else None
    return header if is_header(header) else None


class EarlyUnlock:
    """:func:`unlock` started in a thread while the caller parses the file: scrypt lets go
    of the interpreter, so the two take the time of the longer one (0.1 s each at ten
    years of data)."""

    def __init__(self, header: dict[str, Any], secret: Secret) -> None:
        self.header = header
        self.secret = secret
        self._keys: Keys | None = None
        self._wrong: WrongSecret | None = None
        self._thread = threading.Thread(target=self._run, args=(secret,), daemon=True)
        self._thread.start()

    def _run(self, secret: Secret) -> None:
        try:
            self._keys = unlock(self.header, secret)
        except WrongSecret as wrong:
            self._wrong = wrong
        except Exception:  # the caller unlocks again, and sees what went wrong
            pass

    def keys_for(self, header: dict[str, Any]) -> Keys | None:
        """The keys, when ``header`` (the parsed file's) is the one guessed; None when it
        is not, or the early unlock failed unexpectedly. Raises :class:`WrongSecret`."""
        self._thread.join()
        if header != self.header:
            return None
        if self._wrong is not None:
            raise self._wrong
        return self._keys


def header_of(data: Tables) -> dict[str, Any] | None:
    """The encryption header of a parsed file, or None for a plain file."""
    meta = data.get(META_TABLE, {}).get(META_KEY)
    header = meta.get(HEADER_FIELD) if isinstance(meta, dict) else None
    return header if is_header(header) else None


# What each sealed record was when it was last opened, by table and sealed id: (the start
# of its sealed text, which is its nonce; how many fields it has outside the seal; its
# real key; the record opened). A writer seals a record afresh, with a new random nonce,
# whenever anything in it changes, so a record with the same nonce and the same fields in
# the clear is the same record, and a merge need not open it again.
Seen = dict[str, dict[str, tuple[str, int, str, dict[str, Any]]]]
_NONCE_TEXT = 16  # the base64 of NONCE_BYTES


@dataclass
class Opened:
    """A sealed file's records in the clear."""

    tables: Tables
    plain_json: list[bytes]  # each record's sealed JSON (if opened afresh), for the text check
    # Each record's sealed form as read (table -> real key -> (record, outer key, outer
    # record)), so a save writes a record that did not change as it was, unsealed again.
    outer: dict[str, dict[str, tuple[dict[str, Any], str, dict[str, Any]]]]
    seen: Seen  # for the next reading of the file (:func:`open_tables`)

    def keep_seen_only(self, passed: Tables) -> None:
        """Forget every record ``passed`` does not hold as the very one opened (it was
        mended or set aside when checked): it is opened afresh next time."""
        for table, found in self.outer.items():
            kept, seen = passed.get(table, {}), self.seen.get(table, {})
            for key, (record, outer_key, _) in found.items():
                if kept.get(key) is not record:
                    seen.pop(outer_key, None)


# A sealed record ready to open: (outer key, outer record, nonce + ciphertext, its AAD);
# no ciphertext (None) for a record as it was last opened (:data:`Seen`).
Envelope = tuple[str, dict[str, Any], bytes | None, bytes]


def envelopes(data: Tables, seen: Seen | None = None) -> dict[str, list[Envelope]]:
    """Every sealed record of a parsed file, decoded for opening: the part that needs no
    key, done while the key is derived. Raises :class:`DamagedSeal`."""
    found: dict[str, list[Envelope]] = {}
    a2b = binascii.a2b_base64
    for table, records in data.items():
        if table in PLAIN_TABLES:
            continue
        before = seen.get(table) if seen else None
        items: list[Envelope] = []
        append = items.append
        outer_key = ""
        try:
            for outer_key, outer in records.items():
                if before and _as_last_opened(before.get(outer_key), outer):
                    append((outer_key, outer, None, b""))
                    continue
                blob = a2b(outer["sealed"], strict_mode=True)
                append(
                    (outer_key, outer, blob, record_aad(table, outer_key, outer.get("updated_at")))
                )
        except (KeyError, TypeError, ValueError, binascii.Error):
            raise DamagedSeal(f"{table} {outer_key}") from None
        found[table] = items
    return found


def _as_last_opened(
    last: tuple[str, int, str, dict[str, Any]] | None, outer: dict[str, Any]
) -> bool:
    """Whether ``outer`` is the sealed record ``last`` was opened from."""
    if last is None or len(outer) != last[1]:
        return False
    sealed, record = outer.get("sealed"), last[3]
    return (
        isinstance(sealed, str)
        and sealed.startswith(last[0])
        and all(record.get(name) == outer.get(name) for name in PUBLIC_FIELDS)
    )


def open_tables(
    data: Tables,
    keys: Keys,
    sealed: dict[str, list[Envelope]] | None = None,
    seen: Seen | None = None,
) -> Opened:
    """Every record of a parsed sealed file, opened (``sealed``: its :func:`envelopes`,
    if they were made already). A record as ``seen`` when the file was last opened with
    these keys is taken from there, not opened again. Raises :class:`DamagedSeal`."""
    from cryptography.exceptions import InvalidTag

    if sealed is None:
        sealed = envelopes(data, seen)
    tables: Tables = {}
    plains: list[bytes] = []
    outers: dict[str, dict[str, tuple[dict[str, Any], str, dict[str, Any]]]] = {}
    now_seen: Seen = {}
    for name, records in data.items():
        if name in PLAIN_TABLES:
            table = {}
            for key, record in records.items():
                if key == META_KEY and HEADER_FIELD in record:
                    record = {k: v for k, v in record.items() if k != HEADER_FIELD}
                table[key] = record
            tables[name] = table
            continue
        decrypt = keys.aead.decrypt
        before = seen.get(name, {}) if seen else {}
        opened: dict[str, dict[str, Any]] = {}
        as_read: dict[str, tuple[dict[str, Any], str, dict[str, Any]]] = {}
        table_seen: dict[str, tuple[str, int, str, dict[str, Any]]] = {}
        for outer_key, outer, blob, aad in sealed[name]:
            if blob is None:
                last = before[outer_key]
                key, record = last[2], last[3]
                table_seen[outer_key] = last
            else:
                try:
                    plain = decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
                    inner = orjson.loads(plain)
                except (InvalidTag, ValueError):
                    raise DamagedSeal(f"{name} {outer_key}") from None
                if type(inner) is not dict:
                    raise DamagedSeal(f"{name} {outer_key}")
                record = dict(outer)  # the public fields (C-speed copy); sealed goes below
                del record["sealed"]
                record.update(inner)
                real_key = inner.get("id")
                key = real_key if isinstance(real_key, str) else outer_key
                plains.append(plain)
                table_seen[outer_key] = (outer["sealed"][:_NONCE_TEXT], len(outer), key, record)
            opened[key] = record
            as_read[key] = (record, outer_key, outer)
        tables[name] = opened
        outers[name] = as_read
        now_seen[name] = table_seen
    return Opened(tables, plains, outers, now_seen)


def seal_tables(data: Tables, keys: Keys, header: dict[str, Any]) -> Tables:
    """A whole plain document sealed (for backups and copies made before encryption)."""
    sealed: Tables = {}
    for name, records in data.items():
        if name in PLAIN_TABLES:
            table = dict(records)
            if META_KEY in table:
                table[META_KEY] = {**table[META_KEY], HEADER_FIELD: header}
            sealed[name] = table
            continue
        sealed[name] = dict(seal_record(keys, name, key, record) for key, record in records.items())
    return sealed
