import { useMutation } from '@tanstack/react-query';
import { endpoints, type TPlatform } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';

/**
 * Uploads the file as multipart/form-data. The contract describes the body as `{ file }` for the
 * document; what travels is the form, which the client sends as it is.
 */
export const createImport = (api: ApiClient, platform: TPlatform, file: File) => {
  const form = new FormData();
  form.append('file', file, file.name);
  return api.call(endpoints.createImport, { params: { platform }, body: form as unknown as { file: string } });
};

export const useCreateImport = () => {
  const api = useApiClient();
  return useMutation({ mutationFn: ({ platform, file }: { platform: TPlatform; file: File }) => createImport(api, platform, file) });
};
