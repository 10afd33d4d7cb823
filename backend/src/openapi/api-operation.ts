export { API_TAGS, type ApiTag, type Endpoint as ApiOperation, type HttpMethod } from '@voiceagent/shared';
