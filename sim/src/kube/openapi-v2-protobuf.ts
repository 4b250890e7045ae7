/**
 * `/openapi/v2` in protobuf: the Swagger 2.0 document as gnostic's `openapi.v2.Document`
 * (github.com/google/gnostic-models, openapiv2/OpenAPIv2.proto), which is how kube-apiserver
 * answers `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`. client-go asks
 * for v2 in this form only, and kubectl reads v2 when a v3 document does not settle a question:
 * a kind missing from its group-version's v3 document (does the server validate fields?), the
 * client-side validation of `kind: List` files, `explain --output=plaintext-openapiv2`.
 *
 * Only the parts of Swagger 2.0 the simulator's documents use are encoded. As gnostic does,
 * `x-` keys become vendor extensions and the values of `default`, `enum`, `example` and of
 * extensions are kept as YAML text. Field numbers are the .proto's.
 */
import protobuf from 'protobufjs/minimal.js';
import { stringify } from 'yaml';

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * One protobuf message being written, field by field (proto3: unset scalars are left out). The
 * wire format is protobufjs's Writer; here only which fields carry what.
 */
class Message {
  private readonly writer = protobuf.Writer.create();

  private tag(field: number, wireType: 0 | 1 | 2): protobuf.Writer {
    return this.writer.uint32(((field << 3) | wireType) >>> 0);
  }

  string(field: number, value: unknown): this {
    if (typeof value === 'string' && value !== '') this.tag(field, 2).string(value);
    return this;
  }

  /** A repeated string: every element is written, empty ones too. */
  strings(field: number, values: unknown): this {
    if (!Array.isArray(values)) return this;
    for (const value of values) if (typeof value === 'string') this.tag(field, 2).string(value);
    return this;
  }

  /** `always`: a oneof member, written even when false. */
  bool(field: number, value: unknown, always = false): this {
    if (value === true || (always && value === false)) this.tag(field, 0).bool(value);
    return this;
  }

  int64(field: number, value: unknown): this {
    if (typeof value === 'number' && Number.isInteger(value) && value !== 0) this.tag(field, 0).int64(value);
    return this;
  }

  double(field: number, value: unknown): this {
    if (typeof value === 'number' && value !== 0) this.tag(field, 1).double(value);
    return this;
  }

  /** A sub-message, written even when empty (its presence means something, e.g. `properties: {}`). */
  message(field: number, message: Message | undefined): this {
    if (message) this.tag(field, 2).bytes(message.bytes());
    return this;
  }

  messages(field: number, messages: Iterable<Message>): this {
    for (const message of messages) this.message(field, message);
    return this;
  }

  bytes(): Uint8Array {
    return this.writer.finish();
  }
}

const entriesOf = (value: unknown): Array<[string, unknown]> => (isRecord(value) ? Object.entries(value) : []);

/** `Any`: a value as YAML text (field 2), what gnostic keeps for free-form values. */
function any(value: unknown): Message {
  return new Message().string(2, stringify(value, { lineWidth: 0 }));
}

const anyOrUndefined = (value: unknown): Message | undefined => (value === undefined ? undefined : any(value));

/** `NamedAny` entries of an object's `x-` keys. */
function vendorExtensions(object: Json): Message[] {
  return Object.entries(object)
    .filter(([key]) => key.startsWith('x-'))
    .map(([name, value]) => new Message().string(1, name).message(2, any(value)));
}

/** `Named*` entries (name 1, value 2) of a map, each value encoded by `encode`. */
function named(map: unknown, encode: (value: Json) => Message): Message[] {
  return entriesOf(map)
    .filter((entry): entry is [string, Json] => isRecord(entry[1]))
    .map(([name, value]) => new Message().string(1, name).message(2, encode(value)));
}

function schema(s: Json): Message {
  const message = new Message()
    .string(1, s.$ref)
    .string(2, s.format)
    .string(3, s.title)
    .string(4, s.description)
    .message(5, anyOrUndefined(s.default))
    .double(6, s.multipleOf)
    .double(7, s.maximum)
    .bool(8, s.exclusiveMaximum)
    .double(9, s.minimum)
    .bool(10, s.exclusiveMinimum)
    .int64(11, s.maxLength)
    .int64(12, s.minLength)
    .string(13, s.pattern)
    .int64(14, s.maxItems)
    .int64(15, s.minItems)
    .bool(16, s.uniqueItems)
    .int64(17, s.maxProperties)
    .int64(18, s.minProperties)
    .strings(19, s.required)
    .messages(20, Array.isArray(s.enum) ? s.enum.map(any) : []);
  if (typeof s.additionalProperties === 'boolean') message.message(21, new Message().bool(2, s.additionalProperties, true));
  else if (isRecord(s.additionalProperties)) message.message(21, new Message().message(1, schema(s.additionalProperties)));
  if (s.type !== undefined) message.message(22, new Message().strings(1, Array.isArray(s.type) ? s.type : [s.type]));
  if (s.items !== undefined) message.message(23, new Message().messages(1, (Array.isArray(s.items) ? s.items : [s.items]).filter(isRecord).map(schema)));
  if (Array.isArray(s.allOf)) message.messages(24, s.allOf.filter(isRecord).map(schema));
  if (s.properties !== undefined) message.message(25, new Message().messages(1, named(s.properties, schema)));
  return message
    .string(26, s.discriminator)
    .bool(27, s.readOnly)
    .message(30, anyOrUndefined(s.example))
    .messages(31, vendorExtensions(s));
}

/** `PrimitivesItems`: the `items` of an array parameter. */
function primitivesItems(items: Json): Message {
  return new Message()
    .string(1, items.type)
    .string(2, items.format)
    .message(3, isRecord(items.items) ? primitivesItems(items.items) : undefined)
    .string(4, items.collectionFormat)
    .message(5, anyOrUndefined(items.default))
    .messages(16, Array.isArray(items.enum) ? items.enum.map(any) : [])
    .messages(18, vendorExtensions(items));
}

/**
 * A header, formData, query or path parameter. Query and formData parameters have
 * `allow_empty_value` as field 5, which moves every later field one number up.
 */
function nonBodyParameter(parameter: Json, withAllowEmptyValue: boolean): Message {
  const at = (field: number): number => (withAllowEmptyValue ? field + 1 : field);
  const message = new Message().bool(1, parameter.required).string(2, parameter.in).string(3, parameter.description).string(4, parameter.name);
  if (withAllowEmptyValue) message.bool(5, parameter.allowEmptyValue);
  return message
    .string(at(5), parameter.type)
    .string(at(6), parameter.format)
    .message(at(7), isRecord(parameter.items) ? primitivesItems(parameter.items) : undefined)
    .string(at(8), parameter.collectionFormat)
    .message(at(9), anyOrUndefined(parameter.default))
    .double(at(10), parameter.maximum)
    .bool(at(11), parameter.exclusiveMaximum)
    .double(at(12), parameter.minimum)
    .bool(at(13), parameter.exclusiveMinimum)
    .int64(at(14), parameter.maxLength)
    .int64(at(15), parameter.minLength)
    .string(at(16), parameter.pattern)
    .int64(at(17), parameter.maxItems)
    .int64(at(18), parameter.minItems)
    .bool(at(19), parameter.uniqueItems)
    .messages(at(20), Array.isArray(parameter.enum) ? parameter.enum.map(any) : [])
    .double(at(21), parameter.multipleOf)
    .messages(at(22), vendorExtensions(parameter));
}

const NON_BODY_SLOTS: Record<string, number> = { header: 1, formData: 2, query: 3, path: 4 };

/** `Parameter`: a body parameter (field 1) or a non-body one (field 2, by where it goes). */
function parameter(p: Json): Message {
  if (p.in === 'body') {
    const body = new Message().string(1, p.description).string(2, p.name).string(3, p.in).bool(4, p.required);
    return new Message().message(1, body.message(5, isRecord(p.schema) ? schema(p.schema) : undefined).messages(6, vendorExtensions(p)));
  }
  const slot = NON_BODY_SLOTS[String(p.in)] ?? NON_BODY_SLOTS.query!;
  return new Message().message(2, new Message().message(slot, nonBodyParameter(p, slot === 2 || slot === 3)));
}

/** `ParametersItem`: a parameter, or a `$ref` to one (JsonReference). */
function parametersItem(p: Json): Message {
  if (typeof p.$ref === 'string') return new Message().message(2, new Message().string(1, p.$ref).string(2, p.description));
  return new Message().message(1, parameter(p));
}

function responses(map: Json): Message {
  const message = new Message();
  for (const [code, value] of entriesOf(map)) {
    if (code.startsWith('x-') || !isRecord(value)) continue;
    const response =
      typeof value.$ref === 'string'
        ? new Message().message(2, new Message().string(1, value.$ref).string(2, value.description))
        : new Message().message(1, new Message().string(1, value.description).message(2, isRecord(value.schema) ? new Message().message(1, schema(value.schema)) : undefined).messages(5, vendorExtensions(value)));
    message.message(1, new Message().string(1, code).message(2, response));
  }
  return message.messages(2, vendorExtensions(map));
}

function operation(op: Json): Message {
  return new Message()
    .strings(1, op.tags)
    .string(2, op.summary)
    .string(3, op.description)
    .string(5, op.operationId)
    .strings(6, op.produces)
    .strings(7, op.consumes)
    .messages(8, Array.isArray(op.parameters) ? op.parameters.filter(isRecord).map(parametersItem) : [])
    .message(9, isRecord(op.responses) ? responses(op.responses) : undefined)
    .strings(10, op.schemes)
    .bool(11, op.deprecated)
    .messages(13, vendorExtensions(op));
}

const PATH_ITEM_OPERATIONS: ReadonlyArray<[string, number]> = [['get', 2], ['put', 3], ['post', 4], ['delete', 5], ['options', 6], ['head', 7], ['patch', 8]];

function pathItem(item: Json): Message {
  const message = new Message().string(1, item.$ref);
  for (const [method, field] of PATH_ITEM_OPERATIONS) if (isRecord(item[method])) message.message(field, operation(item[method]));
  return message.messages(9, Array.isArray(item.parameters) ? item.parameters.filter(isRecord).map(parametersItem) : []).messages(10, vendorExtensions(item));
}

function paths(map: Json): Message {
  const entries = Object.entries(map).filter(([path]) => !path.startsWith('x-'));
  return new Message().messages(1, vendorExtensions(map)).messages(2, named(Object.fromEntries(entries), pathItem));
}

/** `SecurityDefinitionsItem`: basic (1) or apiKey (2); OAuth2 flows are not used here. */
function securityDefinition(definition: Json): Message {
  if (definition.type === 'basic') return new Message().message(1, new Message().string(1, definition.type).string(2, definition.description).messages(3, vendorExtensions(definition)));
  return new Message().message(2, new Message().string(1, definition.type).string(2, definition.name).string(3, definition.in).string(4, definition.description).messages(5, vendorExtensions(definition)));
}

/** `SecurityRequirement`: scheme name → scopes. */
function securityRequirement(requirement: Json): Message {
  return new Message().messages(
    1,
    entriesOf(requirement).map(([name, scopes]) => new Message().string(1, name).message(2, new Message().strings(1, scopes))),
  );
}

/** The protobuf bytes of a Swagger 2.0 document (its JSON form, parsed). */
export function encodeSwaggerDocument(document: Json): Buffer {
  const info = isRecord(document.info) ? document.info : {};
  const encoded = new Message()
    .string(1, document.swagger)
    .message(2, new Message().string(1, info.title).string(2, info.version).string(3, info.description).messages(7, vendorExtensions(info)))
    .string(3, document.host)
    .string(4, document.basePath)
    .strings(5, document.schemes)
    .strings(6, document.consumes)
    .strings(7, document.produces)
    .message(8, isRecord(document.paths) ? paths(document.paths) : undefined)
    .message(9, isRecord(document.definitions) ? new Message().messages(1, named(document.definitions, schema)) : undefined)
    .message(10, isRecord(document.parameters) ? new Message().messages(1, named(document.parameters, parameter)) : undefined)
    .message(11, isRecord(document.responses) ? new Message().messages(1, named(document.responses, (response) => new Message().string(1, response.description).message(2, isRecord(response.schema) ? new Message().message(1, schema(response.schema)) : undefined))) : undefined)
    .messages(12, Array.isArray(document.security) ? document.security.filter(isRecord).map(securityRequirement) : [])
    .message(13, isRecord(document.securityDefinitions) ? new Message().messages(1, named(document.securityDefinitions, securityDefinition)) : undefined)
    .messages(16, vendorExtensions(document))
    .bytes();
  return Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
}
