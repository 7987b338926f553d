"""The batch file on a USB stick, encrypted (docs/sync-protocol.md, "Offline transfer").

A stick gets lost, lent, plugged into an internet café's PC: the cases on it carry
names and ID numbers, so the file is readable by the county hub only. Its first line
stays plain JSON (kind, version, hall code, nonce) so that the hub knows whose key to
use; it is the associated data of AES-256-GCM, so changing it breaks the tag like a
changed byte of the ciphertext does. Everything after it is the ciphertext of the JSON
lines (one envelope per line) followed by the 16-byte tag.

The key is HKDF-SHA256 of the hall's secret, which the hub issued and already holds:
nothing new to hand out or to lose. A random 96-bit nonce per file; files are few (one
a trip to the county), so random nonces never come near a collision.

Shared by the hall (writing) and the hub (reading); no database.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from hallapp.sync.protocol import BATCHES_KIND

__all__ = [
    "BATCH_FILE_VERSION",
    "BatchFileHeader",
    "BatchFileRefused",
    "decrypt_batches_file",
    "encrypt_batches_file",
    "file_key",
    "read_header",
]

# Version 1 was the same JSON lines in the clear (signed, not encrypted).
BATCH_FILE_VERSION = 2
KEY_INFO = b"hallapp batch file v1"
NONCE_BYTES = 12
TAG_BYTES = 16


class BatchFileRefused(Exception):
    """A batch file that cannot be read as a whole; ``message`` is for people, in Chinese.
    Nothing of such a file may be applied."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class BatchFileHeader:
    hall_code: str
    nonce: bytes
    line: bytes  # the first line as written, without its newline: the associated data


def file_key(secret: str) -> bytes:
    """The hall's file key: 32 bytes for AES-256, derived from the hall's secret."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_INFO)
    return hkdf.derive(secret.encode("utf-8"))


def encrypt_batches_file(
    out: BinaryIO, hall_code: str, secret: str, lines: Iterable[bytes]
) -> None:
    """Write the header and the encrypted ``lines`` (each without its newline) to ``out``.
    Streams: an export of weeks of work is never held in memory whole."""
    nonce = os.urandom(NONCE_BYTES)
    head = {
        "kind": BATCHES_KIND,
        "version": BATCH_FILE_VERSION,
        "hall_code": hall_code,
        "nonce": base64.b64encode(nonce).decode("ascii"),
    }
    header = json.dumps(head, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    encryptor = Cipher(algorithms.AES(file_key(secret)), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(header)
    out.write(header + b"\n")
    for line in lines:
        out.write(encryptor.update(line + b"\n"))
    out.write(encryptor.finalize())
    out.write(encryptor.tag)


def read_header(data: bytes) -> BatchFileHeader:
    """The readable first line: whose file it is. Refuses anything but version 2."""
    line, newline, _ = data.partition(b"\n")
    not_ours = "不是服务中心导出的批次文件（或首行已被改动）"
    try:
        head = json.loads(line.decode("utf-8")) if newline else None
    except (UnicodeDecodeError, ValueError):
        head = None
    if not isinstance(head, dict) or head.get("kind") != BATCHES_KIND:
        raise BatchFileRefused(not_ours)
    version = head.get("version")
    if version == 1:
        raise BatchFileRefused(
            "这是旧版（第1版，未加密）的批次文件，县级平台不再接受；请在服务中心用新版程序重新导出"
        )
    if version != BATCH_FILE_VERSION:
        raise BatchFileRefused(f"不支持的批次文件版本 {version!r}（应为 {BATCH_FILE_VERSION}）")
    hall_code, nonce_text = head.get("hall_code"), head.get("nonce")
    if not isinstance(hall_code, str) or not hall_code or not isinstance(nonce_text, str):
        raise BatchFileRefused(not_ours)
    try:
        nonce = base64.b64decode(nonce_text, validate=True)
    except (binascii.Error, ValueError):
        raise BatchFileRefused(not_ours) from None
    if len(nonce) != NONCE_BYTES:
        raise BatchFileRefused(not_ours)
    return BatchFileHeader(hall_code, nonce, line)


def decrypt_batches_file(data: bytes, secret: str) -> tuple[BatchFileHeader, bytes]:
    """The header and the JSON lines of a whole file, only if not one byte of it changed
    and it was encrypted with ``secret``'s key."""
    header = read_header(data)
    sealed = data[len(header.line) + 1 :]
    if len(sealed) < TAG_BYTES:
        raise BatchFileRefused("批次文件不完整（可能没有复制完）")
    try:
        plain = AESGCM(file_key(secret)).decrypt(header.nonce, sealed, header.line)
    except InvalidTag:
        raise BatchFileRefused(
            f"批次文件校验不通过：文件被改动过或已损坏，或不是服务中心 {header.hall_code} "
            "用本平台发放的凭据导出的"
        ) from None
    return header, plain
