/**
 * The errors the emulator answers with, as ECR sends them: HTTP 400 (500 for ServerException) and
 * `{"__type": NAME, "message": TEXT}`. Messages follow the real ones where a sample exists
 * (conformance/ecr-api/errors/): the SDK exposes them as `error.message`.
 */
import type { ImageIdentifier } from './image-identifier';

/** An ECR error response; the server turns it into HTTP status and JSON body. */
export class EcrApiError extends Error {
  constructor(
    /** The `__type`, e.g. `RepositoryNotFoundException`; the SDK uses it as the error's name. */
    readonly type: string,
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
    this.name = 'EcrApiError';
  }
}

/** ECR prints a missing member as the string `'null'`. */
function quoted(value: string | undefined): string {
  return `'${value ?? 'null'}'`;
}

function describeImageId(id: ImageIdentifier): string {
  return `{imageDigest:${quoted(id.imageDigest)}, imageTag:${quoted(id.imageTag)}}`;
}

/** Factories for the exceptions of the ECR model that the emulated operations can raise. */
export const ecrErrors = {
  repositoryNotFound(registryId: string, repositoryName: string): EcrApiError {
    return new EcrApiError(
      'RepositoryNotFoundException',
      `The repository with name '${repositoryName}' does not exist in the registry with id '${registryId}'`,
    );
  },
  imageNotFound(registryId: string, repositoryName: string, id: ImageIdentifier): EcrApiError {
    return new EcrApiError(
      'ImageNotFoundException',
      `The image with imageId ${describeImageId(id)} does not exist within the repository with name ` +
        `'${repositoryName}' in the registry with id '${registryId}'`,
    );
  },
  /** The text of conformance/ecr-api/errors/ScanNotFoundException.aws-cli-stderr.txt. */
  scanNotFound(registryId: string, repositoryName: string, id: ImageIdentifier): EcrApiError {
    return new EcrApiError(
      'ScanNotFoundException',
      `Image scan does not exist for the image with '${describeImageId(id)}' in the repository with name ` +
        `'${repositoryName}' in the registry with id '${registryId}'`,
    );
  },
  invalidParameter(message: string): EcrApiError {
    return new EcrApiError('InvalidParameterException', message);
  },
  limitExceeded(message = 'The scan quota per image has been exceeded. Wait and try again.'): EcrApiError {
    return new EcrApiError('LimitExceededException', message);
  },
  unsupportedImageType(message = 'The image type is not supported for scanning.'): EcrApiError {
    return new EcrApiError('UnsupportedImageTypeException', message);
  },
  /** The text (typo included) of conformance/ecr-api/errors/ServerException.aws-cli-stderr.txt. */
  server(message = 'An internal server error has occured'): EcrApiError {
    return new EcrApiError('ServerException', message, 500);
  },
  /** Not in the ECR model: the generic AWS throttling error, which the SDK retries as throttling. */
  throttling(message = 'Rate exceeded'): EcrApiError {
    return new EcrApiError('ThrottlingException', message);
  },
  unknownOperation(target: string): EcrApiError {
    return new EcrApiError('UnknownOperationException', `Unknown operation ${target}`);
  },
  missingAuthentication(): EcrApiError {
    return new EcrApiError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
  },
  serialization(message: string): EcrApiError {
    return new EcrApiError('SerializationException', message);
  },
};
