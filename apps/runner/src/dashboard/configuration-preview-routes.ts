import { dirname } from 'node:path';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InputFileError } from '../files/input-file-error.ts';
import { diffConfigurations } from '../preview/diff-configurations.ts';
import type { DashboardSource } from './dashboard-source.ts';
import { ownConfigurationStart } from './own-configuration-start.ts';
import { readUploadedConfiguration } from './read-uploaded-configuration.ts';

/** The largest configuration a preview takes: far above a real file (thousands of SKUs), far below a burden. */
export const previewBodyLimitBytes = 1024 * 1024;
/** Rows an answer carries at most; the totals always cover every changed value. */
export const previewRowLimit = 500;
const yamlTypes = ['text/yaml', 'application/yaml', 'application/x-yaml', 'text/x-yaml'];

interface PreviewRequest {
  Body: unknown;
  Querystring: { file?: string; limit?: string };
}

/**
 * `POST /admin/configuration/preview`: the YAML text of a configuration as the body (text/yaml or text/plain, at
 * most 1 MiB), answered with what `stockwire diff --config <it> --json` prints against the configuration this runner
 * runs, on the live stock in its Redis: the changed values (at most `limit`, default and cap 500, `truncated` when
 * there were more) and the totals over all of them. A preview: nothing is written, nothing is pushed, the runner
 * keeps its configuration. A configuration with problems answers 400 with the loader's message and issues.
 */
export async function configurationPreviewRoutes(
  app: FastifyInstance,
  options: { runner: Pick<DashboardSource, 'configuration' | 'engine' | 'configurationHistory'> },
): Promise<void> {
  const { runner } = options;
  // Encapsulated in this plugin: YAML is read as text here and nowhere else.
  app.addContentTypeParser(yamlTypes, { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post<PreviewRequest>(
    '/admin/configuration/preview',
    { bodyLimit: previewBodyLimitBytes, errorHandler: previewErrorHandler },
    async (request, reply) => {
      if (typeof request.body !== 'string') {
        return reply.code(415).send({ error: unsupportedTypeMessage });
      }
      const file = uploadName(request.query.file);
      const limit = rowLimit(request.query.limit);
      // Relative connector paths resolve as they would for this runner: from its own configuration's folder.
      const own = await ownConfigurationStart(runner.configurationHistory);
      const directory = own === undefined ? process.cwd() : dirname(own.file);
      let uploaded: Awaited<ReturnType<typeof readUploadedConfiguration>>;
      try {
        uploaded = await readUploadedConfiguration(request.body, file, { running: runner.configuration, directory });
      } catch (error) {
        if (!InputFileError.isInstance(error)) throw error;
        return reply.code(400).send({ error: error.message, issues: error.issues });
      }
      const now = new Date();
      const { rows, totals } = await diffConfigurations({
        current: runner.configuration,
        proposed: uploaded.configuration,
        engine: runner.engine,
        now,
      });
      return {
        preview: true,
        file,
        asOf: now.toISOString(),
        rows: rows.slice(0, limit),
        totals,
        truncated: rows.length > limit,
        rowLimit: limit,
        uncheckedConnections: uploaded.uncheckedConnections,
      };
    },
  );
}

const unsupportedTypeMessage = `send the configuration's YAML text as the body, with content-type ${yamlTypes[0]} or text/plain`;

/** The parser's refusals, said in the preview's words; anything else is the server's usual answer. */
function previewErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return reply.code(413).send({
      error: `the configuration is larger than ${previewBodyLimitBytes} bytes (1 MiB), the most a preview takes`,
    });
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
    return reply.code(415).send({ error: unsupportedTypeMessage });
  }
  return reply.send(error);
}

/** The name issues are reported under: the picked file's, else a fixed label; never a path on this server. */
function uploadName(given: string | undefined): string {
  const name = (given ?? '').trim().split(/[\\/]/).at(-1) ?? '';
  return name === '' ? 'uploaded configuration' : name.slice(0, 200);
}

function rowLimit(given: string | undefined): number {
  const limit = Number(given);
  return Number.isInteger(limit) && limit > 0 ? Math.min(limit, previewRowLimit) : previewRowLimit;
}
