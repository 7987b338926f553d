"""The encrypted batch file: readable with the hall's secret only, whole or not at all."""

from __future__ import annotations

import io
import json

import pytest

from hallapp.sync.file_crypto import (
    BatchFileRefused,
    decrypt_batches_file,
    encrypt_batches_file,
    file_key,
    read_header,
)

SECRET = "a1" * 32
HALL = "430121100000"
LINES = [
    json.dumps({"name": "张三", "id_number": "110101199003074513"}, ensure_ascii=False).encode(),
    b'{"seq":2}',
]


def sealed(lines: list[bytes] = LINES, secret: str = SECRET) -> bytes:
    out = io.BytesIO()
    encrypt_batches_file(out, HALL, secret, lines)
    return out.getvalue()


def test_the_lines_come_back_with_the_hall_s_secret_and_nothing_is_readable() -> None:
    data = sealed()
    header, plain = decrypt_batches_file(data, SECRET)
    assert plain == b"".join(line + b"\n" for line in LINES)
    assert header.hall_code == HALL and len(header.nonce) == 12
    head = json.loads(data.split(b"\n", 1)[0])
    assert (head["kind"], head["version"], head["hall_code"]) == ("hallapp-batches", 2, HALL)
    assert b"110101199003074513" not in data and "张三".encode() not in data
    assert b"seq" not in data


def test_every_file_has_its_own_nonce() -> None:
    one, two = sealed(), sealed()
    assert read_header(one).nonce != read_header(two).nonce
    assert one.split(b"\n", 1)[1] != two.split(b"\n", 1)[1]


def test_the_key_is_the_hkdf_of_the_secret() -> None:
    assert len(file_key(SECRET)) == 32
    assert file_key(SECRET) == file_key(SECRET) != file_key("b2" * 32)
    assert file_key(SECRET) != SECRET.encode()[:32]


def test_any_flipped_bit_anywhere_refuses_the_whole_file() -> None:
    data = sealed()
    for at in range(len(data)):
        altered = data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]
        with pytest.raises(BatchFileRefused):
            decrypt_batches_file(altered, SECRET)


def test_a_cut_file_or_another_key_is_refused_in_chinese() -> None:
    data = sealed()
    with pytest.raises(BatchFileRefused, match="校验不通过"):
        decrypt_batches_file(data[:-1], SECRET)
    with pytest.raises(BatchFileRefused, match="不完整"):
        decrypt_batches_file(data.split(b"\n", 1)[0] + b"\nabc", SECRET)
    with pytest.raises(BatchFileRefused, match="校验不通过"):
        decrypt_batches_file(data, "b2" * 32)


@pytest.mark.parametrize(
    ("first_line", "message"),
    [
        (b'{"kind":"hallapp-batches","version":1,"hall_code":"430121100000"}', "旧版"),
        (b'{"kind":"hallapp-batches","version":3,"hall_code":"4301","nonce":"AAAA"}', "版本 3"),
        (b'{"kind":"hallapp-ack","version":2}', "不是服务中心导出的批次文件"),
        (b'{"kind":"hallapp-batches","version":2,"hall_code":"4301","nonce":"AAAA"}', "首行"),
        (b'{"kind":"hallapp-batches","version":2,"hall_code":"4301","nonce":"*"}', "首行"),
        (b'{"kind":"hallapp-batches","version":2,"nonce":"AAAAAAAAAAAAAAAA"}', "首行"),
        (b"\xff\xfe not json", "不是服务中心导出的批次文件"),
    ],
)
def test_a_header_that_is_not_version_2_is_refused(first_line: bytes, message: str) -> None:
    with pytest.raises(BatchFileRefused, match=message):
        read_header(first_line + b"\n" + b"x" * 40)


def test_a_file_without_a_first_line_is_refused() -> None:
    with pytest.raises(BatchFileRefused):
        read_header(b'{"kind":"hallapp-batches","version":2}')
