// P1: @connectrpc/connect-query, the whole entry; its peers (TanStack Query,
// React, connect and protobuf-es) are left out, as lro-web/query's are.
export * from "@connectrpc/connect-query";
