// P1: lro-web/query, the whole entry (it imports nothing at run time).
export * from "../../dist/query/index.js";
