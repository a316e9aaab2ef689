import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { GRAPHIQL_PATH } from "../http/graphiql.js";

/**
 * Shown under Apollo's own "Apollo Sandbox cannot be loaded" when its CDN is out of reach, and
 * hidden under Sandbox when it loads (Sandbox covers the whole page). `fallback` is the landing
 * page's own class: it fades in after a second, as Apollo's message does.
 */
const OFFLINE_LINK = `<div class="fallback"><p>Offline? The gateway serves its own GraphQL IDE, GraphiQL, at <a href="${GRAPHIQL_PATH}">${GRAPHIQL_PATH}</a>.</p></div>`;

/**
 * Apollo Sandbox as the landing page (Apollo's local default, embedded), with a link to the
 * gateway's built-in IDE for when Sandbox cannot load: Apollo's plugin has no option for a link.
 */
export function landingPagePlugin(): ApolloServerPlugin {
  const sandbox = ApolloServerPluginLandingPageLocalDefault({ embed: true });
  return {
    async serverWillStart(service) {
      const listener = await sandbox.serverWillStart!(service);
      return {
        async renderLandingPage() {
          const { html } = await listener!.renderLandingPage!();
          const page = typeof html === "string" ? html : await html();
          return { html: page.replace("</body>", `${OFFLINE_LINK}\n</body>`) };
        },
      };
    },
  };
}
