/**
 * DescribeRepositories: the catalogue's repositories, paged (`maxResults` 1-1000, default 100,
 * `nextToken`), or the ones named (RepositoryNotFoundException for a name it lacks). Source:
 * https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/client/ecr/command/DescribeRepositoriesCommand
 */
import { z } from 'zod';
import { ecrErrors } from '../errors';
import { compact, decodeNextToken, page, type JsonObject } from '../wire';
import {
  parseInput,
  registryIdSchema,
  repositoryNameSchema,
  requireRepository,
  type EcrContext,
  type OperationHandler,
} from './context';

const input = z.object({
  registryId: registryIdSchema.optional(),
  repositoryNames: z.array(repositoryNameSchema).min(1).max(100).optional(),
  nextToken: z.string().optional(),
  maxResults: z.int().min(1).max(1000).optional(),
});

export const describeRepositories: OperationHandler = (body, context) => {
  const request = parseInput(input, body);
  const registryId = request.registryId ?? context.registryId;
  if (request.repositoryNames) {
    if (request.maxResults !== undefined || request.nextToken !== undefined)
      throw ecrErrors.invalidParameter(
        'Invalid parameter: maxResults and nextToken cannot be used with repositoryNames',
      );
    for (const name of request.repositoryNames) requireRepository(context, name, registryId);
    return { repositories: request.repositoryNames.map((name) => repository(context, name)) };
  }
  if (registryId !== context.registryId) return { repositories: [] };
  const scope = 'DescribeRepositories';
  const names = context.images.repositoryNames();
  const result = page(names, decodeNextToken(request.nextToken, scope), request.maxResults ?? 100, scope);
  return compact({
    repositories: result.items.map((name) => repository(context, name)),
    nextToken: result.nextToken,
  });
};

function repository(context: EcrContext, name: string): JsonObject {
  return {
    registryId: context.registryId,
    repositoryName: name,
    repositoryArn: `arn:aws:ecr:${context.region}:${context.registryId}:repository/${name}`,
    repositoryUri: `${context.registryId}.dkr.ecr.${context.region}.amazonaws.com/${name}`,
  };
}
