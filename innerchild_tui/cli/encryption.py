"""Passphrases for an encrypted data file, and ``innerchild encryption on|change|off|…``.

A passphrase comes from ``--passphrase-file FILE`` (or a recovery key from
``--recovery-key-file FILE``), from the keyring when it was remembered on this computer,
or from a prompt that does not echo. It never comes from argv or the environment, and is
never written anywhere. Without a terminal to ask on, a command stops with one line and
exit code 2, having written nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import sys
from pathlib import Path
from typing import Any

from innerchild_tui.cli.common import (
    EXIT_OK,
    PROG,
    CliError,
    _device,
    _emit,
    _fail,
    _plain,
)
from innerchild_tui.config import Settings
from innerchild_tui.paths import default_data_file, ensure_private_dir
from innerchild_tui.store import Store, StoreError, crypto, keychain
from innerchild_tui.store.base import file_header
from innerchild_tui.store.errors import NeedsPassphrase, WrongPassphrase

MIN_PASSPHRASE = 8
TRIES = 3

FORGOTTEN = (
    "A forgotten passphrase cannot be recovered: nobody, innerchild included, can open "
    "the file without it. A recovery key, shown once, opens it instead of the passphrase."
)


# Getting a secret ---------------------------------------------------------------------
def _read_secret_file(name: str, what: str) -> str:
    try:
        text = Path(name).expanduser().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise CliError(f"The {what} file {_plain(name)} could not be read ({reason}).") from None
    text = text.rstrip("\r\n")
    if not text:
        raise CliError(f"The {what} file {_plain(name)} is empty.")
    return text


def given_secret(args: argparse.Namespace) -> crypto.Secret | None:
    """The secret named on the command line (a file's contents), if any."""
    passphrase_file = getattr(args, "passphrase_file", None)
    if passphrase_file:
        return crypto.Passphrase(_read_secret_file(passphrase_file, "passphrase"))
    recovery_file = getattr(args, "recovery_key_file", None)
    if recovery_file:
        return crypto.RecoveryKey(_read_secret_file(recovery_file, "recovery key"))
    return None


def _interactive() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _no_terminal(db_path: Path) -> CliError:
    return CliError(
        f"{_plain(db_path)} is encrypted and there is no terminal here to ask for its "
        "passphrase: give --passphrase-file FILE (or --recovery-key-file FILE). "
        "Nothing was written."
    )


def _ask(prompt: str) -> str:
    return getpass.getpass(prompt)


def secret_for(args: argparse.Namespace, db_path: Path) -> crypto.Secret | None:
    """What opens ``db_path``: None for a file in the clear (or none yet), else a secret.

    Asked for on the terminal when needed (the answer checked against the file, up to
    three tries); a checked answer comes back as the data key, so the store does not
    derive it again.
    """
    given = given_secret(args)
    if given is not None:
        return given
    try:
        header = file_header(db_path)
    except (StoreError, OSError):
        return None  # no file yet, or one the store will explain
    if header is None:
        return None
    remembered = keychain.remembered(db_path)
    if remembered is not None:
        try:
            crypto.unlock(header, remembered)
            return remembered
        except crypto.WrongSecret:
            pass  # a key of an earlier encryption: ask
    if not _interactive():
        raise _no_terminal(db_path)
    for _ in range(TRIES):
        text = _ask(f"Passphrase (or recovery key) for {_plain(db_path.name)}: ")
        for secret in crypto.secrets_for(text):
            try:
                return crypto.DataKey(crypto.unlock(header, secret).data_key)
            except crypto.WrongSecret:
                continue
        _emit("That did not unlock it; take your time and try again.", sys.stderr)
    raise CliError(f"The passphrase did not unlock {_plain(db_path)}; nothing was changed.")


def open_store(args: argparse.Namespace, db_path: Path, settings: Settings) -> Store:
    """``Store.open`` with the secret an encrypted file needs (see :func:`secret_for`)."""
    secret = secret_for(args, db_path)
    try:
        return Store.open(
            db_path, device=_device(), day_start_hour=settings.day_start_hour, secret=secret
        )
    except NeedsPassphrase:
        if not _interactive():
            raise _no_terminal(db_path) from None
        raise CliError(
            f"{_plain(db_path)} was encrypted just now (on another computer?); "
            "please run the command again. Nothing was written."
        ) from None
    except WrongPassphrase as error:
        raise CliError(str(error)) from None


def _new_passphrase(args: argparse.Namespace, option: str) -> str:
    name = getattr(args, option, None)
    if name:
        text = _read_secret_file(name, "passphrase")
    else:
        if not _interactive():
            flag = "--" + option.replace("_", "-")
            raise CliError(
                f"There is no terminal here to ask for the new passphrase: give {flag} FILE. "
                "Nothing was written."
            )
        for _ in range(TRIES):
            text = _ask("New passphrase: ")
            if len(text) < MIN_PASSPHRASE:
                _emit(
                    f"A passphrase needs at least {MIN_PASSPHRASE} characters; a few words "
                    "you will remember work well.",
                    sys.stderr,
                )
                continue
            if _ask("The same passphrase again: ") == text:
                break
            _emit("The two did not match; let's try once more.", sys.stderr)
        else:
            raise CliError("No new passphrase was set; nothing was changed.")
    if len(text) < MIN_PASSPHRASE:
        raise CliError(
            f"A passphrase needs at least {MIN_PASSPHRASE} characters; nothing was changed."
        )
    return text


def _yes_unless_no(question: str) -> bool:
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().casefold() not in ("n", "no")


def _yes(question: str) -> bool:
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().casefold() in ("y", "yes")


# The commands ---------------------------------------------------------------------------
def _encryption(args: argparse.Namespace, db_path: Path, settings: Settings) -> int:
    action = args.action or "status"
    try:
        return _ACTIONS[action](args, db_path, settings)
    except CliError as error:
        return _fail(str(error))
    except keychain.NoKeyring as error:
        return _fail(f"Nothing was changed: {error}.")
    except StoreError as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(f"{db_path} could not be opened ({error.strerror or error}).")


def _status(args: argparse.Namespace, db_path: Path, settings: Settings) -> int:
    try:
        header = file_header(db_path)
    except StoreError as error:
        raise CliError(str(error)) from None
    if header is None:
        _emit(f"Encryption is off for {_plain(db_path)}.", sys.stdout)
    else:
        recovery = "a recovery key" if header.get("recovery_wrapped_key") else "no recovery key"
        here = (
            "remembered in this computer's keyring"
            if keychain.is_remembered(db_path)
            else "asked for on this computer"
        )
        _emit(
            f"Encryption is on for {_plain(db_path)}, with {recovery}; the passphrase is {here}.",
            sys.stdout,
        )
    return EXIT_OK


def _on(args: argparse.Namespace, db_path: Path, settings: Settings) -> int:
    # The questions come first, with nothing held open: the save merges whatever another
    # innerchild wrote meanwhile.
    try:
        if db_path.exists() and file_header(db_path) is not None:
            raise CliError(
                "Encryption is already on; `innerchild encryption change` sets a new passphrase."
            )
    except StoreError as error:
        raise CliError(str(error)) from None
    _emit(FORGOTTEN, sys.stderr)
    passphrase = _new_passphrase(args, "passphrase_file")
    recovery = args.recovery_key
    if recovery is None:
        recovery = _interactive() and _yes_unless_no("Make a recovery key now? [Y/n] ")
    if db_path == default_data_file():
        ensure_private_dir(db_path.parent)  # the default folder is ours to make (0700)
    store = Store.open(db_path, device=_device(), day_start_hour=settings.day_start_hour)
    if store.read_only_reason:
        raise CliError(store.read_only_reason)
    recovery_key = store.turn_on_encryption(passphrase, recovery=bool(recovery))
    store.save()
    _seal_local_copies(store)
    lines = [f"Encryption is on: {_plain(db_path)} now holds nothing readable without the key."]
    if recovery_key:
        lines += [
            "",
            "Your recovery key (shown only this once; keep it somewhere safe, apart from "
            "this computer):",
            "",
            f"    {recovery_key}",
            "",
            "It opens the file instead of the passphrase, wherever a passphrase is asked for.",
        ]
    else:
        lines.append(
            "No recovery key was made; `innerchild encryption recovery-key` makes one "
            "whenever you like (shown once)."
        )
    lines.append(
        "On your other computers innerchild will ask for the passphrase the next time it "
        "looks at the file."
    )
    for line in lines:
        _emit(line, sys.stdout)
    return EXIT_OK


def _change(args: argparse.Namespace, db_path: Path, settings: Settings) -> int:
    store = open_store(args, db_path, settings)
    if not store.encrypted:
        raise CliError("Encryption is off; `innerchild encryption on` turns it on.")
    passphrase = _new_passphrase(args, "new_passphrase_file")
    store.change_passphrase(passphrase)
    store.save()
    _emit(
        "The passphrase is changed, here and (once synced) on your other computers. "
        "A recovery key you kept still works.",
        sys.stdout,
    )
    return EXIT_OK


def _off(args: argparse.Namespace, db_path: Path, settings: Settings) -> int:
    store = open_store(args, db_path, settings)
    if not store.encrypted:
        _emit("Encryption is already off; nothing was changed.", sys.stdout)
        return EXIT_OK
    if not args.yes:
        if not _interactive():
            raise CliError("To turn encryption off without a terminal, add --yes.")
        question = (
            f"Write {_plain(db_path.name)} in the clear again, readable by anyone who gets "
            "the file? [y/N] "
        )
        if not _yes(question):
            _emit("Encryption stays on; nothing was changed.", sys.stdout)
            return EXIT_OK
    store.turn_off_encryption()
    store.save()
    with contextlib.suppress(keychain.NoKeyring):
        keychain.forget(db_path)
    _emit(
        f"Encryption is off: {_plain(db_path)} is plain JSON again. Backups made while it was "
        "on stay encrypted and open with the passphrase you had then.",
        sys.stdout,
    )
    return EXIT_OK


def _recovery_key(args: argparse.Namespace, db_path: Path, settings: Settings) -> int:
    store = open_store(args, db_path, settings)
    if not store.encrypted:
        raise CliError("Encryption is off; `innerchild encryption on --recovery-key` makes one.")
    recovery_key = store.new_recovery_key()
    store.save()
    for line in (
        "A new recovery key (shown only this once; an earlier one no longer works):",
        "",
        f"    {recovery_key}",
        "",
        "Keep it somewhere safe, apart from this computer.",
    ):
        _emit(line, sys.stdout)
    return EXIT_OK


def _remember(args: argparse.Namespace, db_path: Path, settings: Settings) -> int:
    store = open_store(args, db_path, settings)
    keys = store.keys
    if keys is None:
        raise CliError("Encryption is off, so there is no key to remember.")
    keychain.remember(db_path, keys.data_key)
    _emit(
        "The key is kept in this computer's keyring: innerchild opens the file here without "
        "asking. `innerchild encryption forget` undoes it.",
        sys.stdout,
    )
    return EXIT_OK


def _forget(args: argparse.Namespace, db_path: Path, settings: Settings) -> int:
    found = keychain.forget(db_path)
    _emit(
        "The key is no longer kept on this computer; the passphrase will be asked for."
        if found
        else "No key was kept on this computer; nothing changed.",
        sys.stdout,
    )
    return EXIT_OK


def _seal_local_copies(store: Store) -> None:
    from innerchild_tui.store.sealing import seal_local_copies

    try:
        seal_local_copies(store)
    except OSError as error:
        _emit(
            f"{PROG}: note: some backups could not be encrypted yet ({error.strerror or error}); "
            "innerchild tries again next time.",
            sys.stderr,
        )


_ACTIONS = {
    "status": _status,
    "on": _on,
    "change": _change,
    "off": _off,
    "recovery-key": _recovery_key,
    "remember": _remember,
    "forget": _forget,
}


def add_parser(
    commands: argparse._SubParsersAction[Any],
    common: argparse.ArgumentParser,
    parser_class: type[argparse.ArgumentParser],
) -> None:
    """``innerchild encryption …``."""
    encryption = commands.add_parser(
        "encryption",
        parents=[common],
        help="lock your data file with a passphrase (on, change, off, remember, forget)",
    )
    encryption.set_defaults(runner=_encryption, action=None)
    actions = encryption.add_subparsers(dest="action", metavar="ACTION", parser_class=parser_class)
    actions.add_parser("status", parents=[common], help="whether encryption is on")
    on = actions.add_parser(
        "on",
        parents=[common],
        help="encrypt the data file (the passphrase is asked twice, or read from "
        "--passphrase-file)",
    )
    choice = on.add_mutually_exclusive_group()
    choice.add_argument(
        "--recovery-key",
        dest="recovery_key",
        action="store_true",
        default=None,
        help="make a recovery key too (shown once)",
    )
    choice.add_argument("--no-recovery-key", dest="recovery_key", action="store_false")
    change = actions.add_parser("change", parents=[common], help="set a new passphrase")
    change.add_argument(
        "--new-passphrase-file", metavar="FILE", help="read the new passphrase from FILE"
    )
    off = actions.add_parser("off", parents=[common], help="write the data file in the clear again")
    off.add_argument("--yes", action="store_true", help="do not ask first")
    actions.add_parser(
        "recovery-key",
        parents=[common],
        help="make a new recovery key, shown once (an earlier one stops working)",
    )
    actions.add_parser("remember", parents=[common], help="keep the key in this computer's keyring")
    actions.add_parser(
        "forget", parents=[common], help="remove the key from this computer's keyring"
    )
