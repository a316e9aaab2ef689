import type { BaseContext, GraphQLRequestListener } from "@apollo/server";
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  Kind,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import { ErrorCode } from "../errors/codes.js";
import { GatewayError } from "../errors/gateway-error.js";

/** Root fields that each cost bePaid calls, and how to tell two of them apart. */
const LOOKUP_FIELDS = new Set(["customer", "createCustomer"]);
/** Fields that read the shop's whole list, which an operation reads once however many ask. */
const LIST_FIELDS = new Set(["customers", "customersConnection"]);

/** Federation's field that reads entities by their representations (with `GATEWAY_FEDERATION`). */
const ENTITIES_FIELD = "_entities";

/** The entity type whose representations `_entities` reads from bePaid. */
const CUSTOMER_TYPE = "Customer";

/**
 * Refuses, before any bePaid call, an operation that would cause more than `maxLookups`
 * distinct bePaid calls: each distinct `customer(id)` (the loader reads an id once), the list
 * (one read for every `customers` and `customersConnection` of the operation), each
 * `createCustomer`, and each distinct Customer id among `_entities`' representations (read by
 * the same loader, so an id asked for both ways counts once). Aliases and fragments spread many
 * times are counted as what they cost; fields under a false `@skip`/`@include` are not.
 */
export function lookupCapListener(maxLookups: number): GraphQLRequestListener<BaseContext> {
  // Apollo hands the same parsed document to repeats of an operation: cache the verdicts
  // that did not depend on variables, so a repeat costs a lookup, not a walk.
  const verdicts = new WeakMap<DocumentNode, Map<string, boolean>>();
  return {
    async didResolveOperation({ operation, document, request, operationName }) {
      const cached = verdicts.get(document)?.get(operationName ?? "");
      if (cached === true) return;
      if (cached === false) throw tooMany(maxLookups);
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const definition of document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      }
      let readVariables = false;
      const variable: VariableReader = (name) => {
        readVariables = true;
        return request.variables?.[name];
      };
      const lookups = new Set<string>();
      let unnamed = 0;

      const walk = (selections: SelectionSetNode, seen: Set<string>) => {
        for (const selection of selections.selections) {
          if (!included(selection.directives, variable)) continue;
          if (selection.kind === Kind.FIELD) {
            const name = selection.name.value;
            if (LIST_FIELDS.has(name)) lookups.add("list");
            else if (LOOKUP_FIELDS.has(name)) {
              const id = name === "customer" ? argument(selection, "id", variable) : undefined;
              lookups.add(id === undefined ? `#${unnamed++}` : `customer:${id}`);
            } else if (name === ENTITIES_FIELD) {
              for (const id of representedIds(selection, variable)) {
                lookups.add(`customer:${id}`);
                // Stryker disable next-line ConditionalExpression: as below, a bound on the walk only.
                if (lookups.size > maxLookups) break;
              }
            }
          } else if (selection.kind === Kind.INLINE_FRAGMENT) {
            walk(selection.selectionSet, seen);
          } else {
            const fragment = fragments.get(selection.name.value);
            // A fragment cycle is a validation error already; never loop on one.
            if (fragment && !seen.has(fragment.name.value)) {
              walk(fragment.selectionSet, new Set([...seen, fragment.name.value]));
            }
          }
          // Stryker disable next-line ConditionalExpression: walking on changes no verdict; the stop only bounds the walk.
          if (lookups.size > maxLookups) break;
        }
      };
      if (operation) walk(operation.selectionSet, new Set());

      const allowed = lookups.size <= maxLookups;
      if (!readVariables) {
        let byName = verdicts.get(document);
        if (!byName) verdicts.set(document, (byName = new Map()));
        byName.set(operationName ?? "", allowed);
      }
      if (!allowed) throw tooMany(maxLookups);
    },
  };
}

function tooMany(maxLookups: number): GatewayError {
  return new GatewayError(
    ErrorCode.GRAPHQL_VALIDATION_FAILED,
    `The operation would make more than ${maxLookups} bePaid calls; split it into smaller operations.`,
    { http: { status: 400 } },
  );
}

/** Reads one of the request's variables (and notes that the verdict depended on them). */
type VariableReader = (name: string) => unknown;

/** The argument's value as a string, resolving variables; undefined when it cannot be known. */
function argument(field: FieldNode, name: string, variable: VariableReader): string | undefined {
  const value = field.arguments?.find((arg) => arg.name.value === name)?.value;
  if (!value) return undefined;
  if (value.kind === Kind.VARIABLE) {
    const given = variable(value.name.value);
    return typeof given === "string" || typeof given === "number" ? String(given) : undefined;
  }
  return value.kind === Kind.STRING || value.kind === Kind.INT ? value.value : undefined;
}

/**
 * The Customer ids `_entities(representations:)` names, as its reference resolver reads them (a
 * number is its string); representations of other types or without an id cost no bePaid call.
 * A single representation where a list is expected counts as a list of one, as GraphQL coerces it.
 */
function representedIds(field: FieldNode, variable: VariableReader): string[] {
  const node = field.arguments?.find((arg) => arg.name.value === "representations")?.value;
  const given = node && untypedValue(node, variable);
  const ids: string[] = [];
  for (const representation of Array.isArray(given) ? given : [given]) {
    if (typeof representation !== "object" || representation === null) continue;
    const { __typename, id } = representation as { __typename?: unknown; id?: unknown };
    if (__typename === CUSTOMER_TYPE && (typeof id === "string" || typeof id === "number")) ids.push(String(id));
  }
  return ids;
}

/** A literal's value as JSON would hold it, with its variables read (the `_Any` scalar takes it so). */
function untypedValue(value: ValueNode, variable: VariableReader): unknown {
  switch (value.kind) {
    case Kind.VARIABLE:
      return variable(value.name.value);
    case Kind.LIST:
      return value.values.map((item) => untypedValue(item, variable));
    case Kind.OBJECT:
      return Object.fromEntries(value.fields.map((field) => [field.name.value, untypedValue(field.value, variable)]));
    case Kind.INT:
    case Kind.FLOAT:
      return Number(value.value);
    case Kind.NULL:
      return null;
    default:
      return value.value;
  }
}

/** Applies `@skip(if:)` and `@include(if:)`, as execution will. */
function included(directives: FieldNode["directives"], variable: VariableReader): boolean {
  for (const directive of directives ?? []) {
    const condition = directive.arguments?.find((arg) => arg.name.value === "if")?.value;
    if (!condition) continue;
    const value = truth(condition, variable);
    if (directive.name.value === "skip" && value === true) return false;
    if (directive.name.value === "include" && value === false) return false;
  }
  return true;
}

/** A condition's value, literal or from a variable; `included` reads only `true` and `false` from it. */
function truth(value: ValueNode, variable: VariableReader): unknown {
  if (value.kind === Kind.BOOLEAN) return value.value;
  return value.kind === Kind.VARIABLE ? variable(value.name.value) : undefined;
}
