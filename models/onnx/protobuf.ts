// A minimal protocol-buffers wire-format writer: just what the ONNX messages need (varints,
// 32/64-bit floats, length-delimited bytes and nested messages, packed repeated scalars).
// Written by hand because no protobuf package is installed; see models/onnx/encode.ts for the schema.
import { assert } from "../../core/shared/assert";

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;
const FIELD_NUMBER_MAX = 536_870_911;

const UTF8 = new TextEncoder();

/** Appends protobuf fields to a growable buffer; `finish()` returns the bytes written. */
export class ProtoWriter {
  private buffer = new Uint8Array(256);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + bytes) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }

  private rawVarint(value: bigint): void {
    // int64 fields encode negatives as their 64-bit two's complement (ten bytes).
    let unsigned = BigInt.asUintN(64, value);
    this.reserve(10);
    while (unsigned >= 0x80n) {
      this.buffer[this.length++] = Number(unsigned & 0x7fn) | 0x80;
      unsigned >>= 7n;
    }
    this.buffer[this.length++] = Number(unsigned);
  }

  private rawSmallVarint(value: number): void {
    assert(Number.isInteger(value) && value >= 0, `varint must be a non-negative integer, got ${value}`);
    if (value > 0x7fffffff) return this.rawVarint(BigInt(value));
    this.reserve(5);
    let rest = value;
    while (rest >= 0x80) {
      this.buffer[this.length++] = (rest & 0x7f) | 0x80;
      rest >>>= 7;
    }
    this.buffer[this.length++] = rest;
  }

  private tag(field: number, wireType: number): void {
    assert(Number.isInteger(field) && field > 0 && field <= FIELD_NUMBER_MAX, `bad field number ${field}`);
    this.rawSmallVarint(field * 8 + wireType);
  }

  /** int64/int32/enum field (negatives as ten-byte two's complement, as protobuf requires). */
  int64(field: number, value: number | bigint): this {
    this.tag(field, WIRE_VARINT);
    const big = typeof value === "bigint" ? value : BigInt(value);
    if (big >= 0n && big <= 0x7fffffffn) this.rawSmallVarint(Number(big));
    else this.rawVarint(big);
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    this.reserve(4);
    this.view.setFloat32(this.length, value, true);
    this.length += 4;
    return this;
  }

  double(field: number, value: number): this {
    this.tag(field, WIRE_FIXED64);
    this.reserve(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.rawSmallVarint(value.length);
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, UTF8.encode(value));
  }

  /** A nested message: the callback writes its fields into a fresh writer. */
  message(field: number, write: (writer: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    write(inner);
    return this.bytes(field, inner.finish());
  }

  /** Packed repeated float (proto2 parsers accept packed encoding for any repeated scalar). */
  packedFloats(field: number, values: ArrayLike<number>): this {
    if (values.length === 0) return this;
    const payload = new Uint8Array(values.length * 4);
    const view = new DataView(payload.buffer);
    for (let index = 0; index < values.length; index += 1) view.setFloat32(index * 4, values[index]!, true);
    return this.bytes(field, payload);
  }

  packedDoubles(field: number, values: ArrayLike<number>): this {
    if (values.length === 0) return this;
    const payload = new Uint8Array(values.length * 8);
    const view = new DataView(payload.buffer);
    for (let index = 0; index < values.length; index += 1) view.setFloat64(index * 8, values[index]!, true);
    return this.bytes(field, payload);
  }

  packedInt64s(field: number, values: ArrayLike<number | bigint>): this {
    if (values.length === 0) return this;
    const inner = new ProtoWriter();
    for (let index = 0; index < values.length; index += 1) {
      const value = values[index]!;
      const big = typeof value === "bigint" ? value : BigInt(value);
      if (big >= 0n && big <= 0x7fffffffn) inner.rawSmallVarint(Number(big));
      else inner.rawVarint(big);
    }
    return this.bytes(field, inner.finish());
  }
}
