import { Kind, type OperationDefinitionNode, parse } from "graphql";
import type { TrustedDocuments } from "./trusted-documents.js";

/**
 * A manifest document a person can run by id with no variables (a query whose variables are all
 * optional), for the start-up banner's first request when only trusted documents run; undefined
 * when the manifests hold none.
 */
export function sampleQuery(documents: TrustedDocuments): { id: string; operationName: string | undefined } | undefined {
  for (const [id, text] of documents.entries()) {
    const operations = parse(text).definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
    // A document of several operations needs an operationName; the banner keeps to one.
    const [operation] = operations;
    if (operations.length !== 1 || operation!.operation !== "query") continue;
    const needsVariables = operation!.variableDefinitions?.some((variable) => variable.type.kind === Kind.NON_NULL_TYPE && !variable.defaultValue);
    if (!needsVariables) return { id, operationName: operation!.name?.value };
  }
  return undefined;
}
