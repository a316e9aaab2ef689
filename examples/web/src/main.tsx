import { ApolloProvider } from "@apollo/client/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { createApolloClient } from "./apollo/create-apollo-client";
import { runtimeConfig } from "./runtime-config";
import "./app/styles.css";

const client = createApolloClient(runtimeConfig());

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ApolloProvider client={client}>
      <App />
    </ApolloProvider>
  </StrictMode>,
);
