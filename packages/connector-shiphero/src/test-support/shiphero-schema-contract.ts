import { readFileSync } from 'node:fs';
import {
  buildSchema,
  type GraphQLSchema,
  isInputObjectType,
  isObjectType,
  isScalarType,
  parse,
  validate,
} from 'graphql';

/** The schema reconstructed from ShipHero's introspection, read from `../shared/specs/shiphero` at test time. */
export function loadShipHeroSchema(path: string): GraphQLSchema {
  return buildSchema(readFileSync(path, 'utf8'));
}

/** Why a document is not valid against the schema, one message per problem (empty: valid). */
export function documentProblems(schema: GraphQLSchema, query: string): string[] {
  try {
    return validate(schema, parse(query)).map((error) => error.message);
  } catch (error) {
    return [`does not parse: ${(error as Error).message}`];
  }
}

/**
 * Every type, field and argument of `subset` (the sandbox's served schema) as it is in `full` (ShipHero's): same
 * kind, same field types, same argument types. Returns what differs.
 */
export function subsetProblems(subset: GraphQLSchema, full: GraphQLSchema): string[] {
  const problems: string[] = [];
  for (const type of Object.values(subset.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    const counterpart = full.getType(type.name);
    if (counterpart === undefined || counterpart === null) {
      problems.push(`type ${type.name} is not in ShipHero's schema`);
      continue;
    }
    if (isScalarType(type)) {
      if (!isScalarType(counterpart)) problems.push(`${type.name} is a scalar here, not in ShipHero's schema`);
      continue;
    }
    if (isInputObjectType(type) && isInputObjectType(counterpart)) {
      const theirs = counterpart.getFields();
      for (const field of Object.values(type.getFields())) {
        const match = theirs[field.name];
        if (match === undefined) problems.push(`input ${type.name}.${field.name} is not in ShipHero's schema`);
        else if (String(match.type) !== String(field.type)) {
          problems.push(`input ${type.name}.${field.name} is ${field.type} here, ${match.type} there`);
        }
      }
      continue;
    }
    if (!isObjectType(type) || !isObjectType(counterpart)) {
      problems.push(`${type.name} is not an object type or an input type in both schemas`);
      continue;
    }
    const fields = counterpart.getFields();
    for (const field of Object.values(type.getFields())) {
      const theirs = fields[field.name];
      if (theirs === undefined) {
        problems.push(`${type.name}.${field.name} is not in ShipHero's schema`);
        continue;
      }
      if (String(theirs.type) !== String(field.type)) {
        problems.push(`${type.name}.${field.name} is ${field.type} here, ${theirs.type} in ShipHero's schema`);
      }
      for (const argument of field.args) {
        const match = theirs.args.find((candidate) => candidate.name === argument.name);
        if (match === undefined) problems.push(`${type.name}.${field.name}(${argument.name}) is not in ShipHero's`);
        else if (String(match.type) !== String(argument.type)) {
          problems.push(`${type.name}.${field.name}(${argument.name}) is ${argument.type} here, ${match.type} there`);
        }
      }
    }
  }
  return problems;
}
