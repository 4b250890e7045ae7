/**
 * Generated from the server's /api/v1/openapi.json by web/scripts/generate-api.ts.
 * Do not edit: run `npm run generate-api` after changing a server schema.
 */

export interface paths {
    "/api/v1/actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Bulk action: reconcile, suspend or resume every object a selector matches
         * @description Within a cluster in dependency order (sources before what uses them, `dependsOn` honoured), clusters side by side. `dry_run` answers the plan and touches nothing; otherwise 202 with a job whose progress and per-object results are at `status_url` and on the live stream (`job` events). A selector that matches nothing is an empty plan (or a job with no items), not an error. Every object touched is audited with the job id.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        action: "reconcile" | "suspend" | "resume";
                        /** @description Answer what would be touched, in order, and touch nothing. */
                        dry_run?: boolean;
                        options?: {
                            /** @description Reconcile: HelmReleases only. */
                            force?: boolean;
                            /** @description Reconcile: HelmReleases only. */
                            reset?: boolean;
                            /** @description Reconcile/resume: wait for each object’s outcome before what depends on it starts. */
                            wait_seconds?: number;
                            /** @description Reconcile: each object’s source first. */
                            with_source?: boolean;
                        };
                        /** @description Every field narrows the selection (AND); values within a field are alternatives (OR). At least one field is required. */
                        selector: {
                            /** @description Cluster labels: `env=prod,team!=payments,region`. */
                            cluster_selector?: string;
                            /** @description Cluster ids or names. */
                            clusters?: string[];
                            /** @description Flux kinds (Kind, plural or short name). Without it: every kind that has the action. */
                            kinds?: string[];
                            /** @description Object names. */
                            names?: string[];
                            /** @description Namespaces. */
                            namespaces?: string[];
                            /** @description Exactly these objects (rows picked by hand): the other fields can only narrow them further. */
                            objects?: {
                                /** @description Cluster id or name. */
                                cluster: string;
                                kind: string;
                                name: string;
                                namespace: string;
                            }[];
                            /** @description Only objects in these statuses, e.g. `["failed"]`. */
                            status?: ("ready" | "failed" | "progressing" | "suspended" | "unknown")[];
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BulkActionPlan"];
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            job_id: string;
                            /** @description GET it for progress and, when finished, per-object results (`result.items`). */
                            status_url: string;
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Changes and sign-ins (audit trail), newest first, in pages
         * @description Filters narrow each other; `next_cursor` pages back through older entries. A caller limited to some namespaces of a cluster sees only its entries about objects in them, so a page may hold fewer than `limit` entries: follow `next_cursor`.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Only these actions, comma-separated; `auth.*` matches every action starting with `auth.`. */
                    action?: string;
                    /** @description Only entries by these actors (usernames, `token:<owner>/<name>`, `system`, `anonymous`), comma-separated. */
                    actor?: string;
                    /** @description Only entries about these clusters, comma-separated ids. */
                    cluster_id?: string;
                    /** @description From `next_cursor` of the previous page. */
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["AuditEntry"][];
                            /** @description Pass as `cursor` for the next (older) page; null on the last page. */
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with a local username and password
         * @description Sets the HttpOnly session cookie. Failed attempts are audited and rate-limited per client address.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                        username: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Me"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out: ends the session (server side) and clears the cookie */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is calling: user or token, roles, and the CSRF token of the session */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Me"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How to sign in here (for the login page) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AuthOptions"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change your own password (other sessions end)
         * @description Attempts are rate-limited per client address as sign-ins are; a wrong current password is audited.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        current_password: string;
                        /** @description At least 12 characters. */
                        new_password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/azure/subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Azure subscriptions */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["AzureSubscription"][];
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Add an Azure subscription
         * @description With `?test=true` the connection is tested first and nothing is saved if it fails. The client secret is sealed and never returned.
         */
        post: {
            parameters: {
                query?: {
                    /** @description Test the connection first; nothing is saved if it fails. */
                    test?: boolean;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description service_principal (client secret, the default), workload_identity (federated token file) or managed_identity. */
                        auth_method?: "service_principal" | "workload_identity" | "managed_identity";
                        /** @description Entra ID authority host for environment=custom, e.g. https://login.example.net */
                        authority_host?: string;
                        /** @description Minutes between automatic discovery + sync; 0 turns it off. */
                        auto_sync_interval_minutes?: number;
                        /** @description Service principal application (client) ID; for managed identity, the user-assigned identity client ID (a GUID) */
                        client_id?: string;
                        /** @description Never returned by the API. */
                        client_secret?: string;
                        /** @description How the server authenticates to synced Entra-enabled clusters: in_process (Entra tokens minted by the server, no kubelogin needed; default) or kubelogin (runs the kubelogin exec plugin). */
                        cluster_auth_mode?: "in_process" | "kubelogin";
                        /** @description Azure cloud. `custom` needs authority_host and resource_manager_endpoint. */
                        environment?: "AzurePublicCloud" | "AzureChinaCloud" | "AzureUSGovernment" | "custom";
                        /** @description Friendly name, e.g. "Production Subscription". */
                        name: string;
                        /** @description ARM token audience for environment=custom (default: the endpoint). */
                        resource_manager_audience?: string;
                        /** @description ARM endpoint for environment=custom, e.g. https://management.example.net */
                        resource_manager_endpoint?: string;
                        /** @description Azure subscription ID (a GUID) */
                        subscription_id: string;
                        /** @description Entra ID (Azure AD) tenant ID (a GUID) */
                        tenant_id: string;
                        use_admin_credentials?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description service_principal (client secret, the default), workload_identity (federated token file) or managed_identity. */
                            auth_method: "service_principal" | "workload_identity" | "managed_identity";
                            authority_host: string | null;
                            auto_sync_interval_minutes: number;
                            client_id: string | null;
                            /** @description How the server authenticates to synced Entra-enabled clusters: in_process (Entra tokens minted by the server, no kubelogin needed; default) or kubelogin (runs the kubelogin exec plugin). */
                            cluster_auth_mode: "in_process" | "kubelogin";
                            /** @description Clusters registered from this subscription. */
                            cluster_count: number;
                            /** Format: date-time */
                            created_at: string;
                            /** @description Azure cloud. `custom` needs authority_host and resource_manager_endpoint. */
                            environment: "AzurePublicCloud" | "AzureChinaCloud" | "AzureUSGovernment" | "custom";
                            has_client_secret: boolean;
                            last_checked_at: string | null;
                            last_synced_at: string | null;
                            name: string;
                            resource_manager_audience: string | null;
                            resource_manager_endpoint: string | null;
                            status: "unknown" | "connected" | "error";
                            status_message: string;
                            subscription_id: string;
                            tenant_id: string;
                            /** Format: date-time */
                            updated_at: string;
                            /** @description Sync fetches admin credentials instead of user credentials (not recommended). */
                            use_admin_credentials: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/azure/subscriptions/{subscription_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an Azure subscription */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Azure subscription ID (a GUID) */
                    subscription_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description service_principal (client secret, the default), workload_identity (federated token file) or managed_identity. */
                            auth_method: "service_principal" | "workload_identity" | "managed_identity";
                            authority_host: string | null;
                            auto_sync_interval_minutes: number;
                            client_id: string | null;
                            /** @description How the server authenticates to synced Entra-enabled clusters: in_process (Entra tokens minted by the server, no kubelogin needed; default) or kubelogin (runs the kubelogin exec plugin). */
                            cluster_auth_mode: "in_process" | "kubelogin";
                            /** @description Clusters registered from this subscription. */
                            cluster_count: number;
                            /** Format: date-time */
                            created_at: string;
                            /** @description Azure cloud. `custom` needs authority_host and resource_manager_endpoint. */
                            environment: "AzurePublicCloud" | "AzureChinaCloud" | "AzureUSGovernment" | "custom";
                            has_client_secret: boolean;
                            last_checked_at: string | null;
                            last_synced_at: string | null;
                            name: string;
                            resource_manager_audience: string | null;
                            resource_manager_endpoint: string | null;
                            status: "unknown" | "connected" | "error";
                            status_message: string;
                            subscription_id: string;
                            tenant_id: string;
                            /** Format: date-time */
                            updated_at: string;
                            /** @description Sync fetches admin credentials instead of user credentials (not recommended). */
                            use_admin_credentials: boolean;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Remove an Azure subscription
         * @description `clusters=keep` keeps its clusters as ordinary clusters; `clusters=remove` deletes them too.
         */
        delete: {
            parameters: {
                query: {
                    /** @description What to do with the clusters synced from this subscription. */
                    clusters: "keep" | "remove";
                };
                header?: never;
                path: {
                    /** @description Azure subscription ID (a GUID) */
                    subscription_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            kept_clusters: number;
                            removed_clusters: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename, rotate the client secret, or change auto-sync */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Azure subscription ID (a GUID) */
                    subscription_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Minutes between automatic discovery + sync; 0 turns it off. */
                        auto_sync_interval_minutes?: number;
                        /** @description Service principal client ID (a GUID) */
                        client_id?: string;
                        /** @description Never returned by the API. */
                        client_secret?: string;
                        /** @description How the server authenticates to synced Entra-enabled clusters: in_process (Entra tokens minted by the server, no kubelogin needed; default) or kubelogin (runs the kubelogin exec plugin). */
                        cluster_auth_mode?: "in_process" | "kubelogin";
                        /** @description Friendly name, e.g. "Production Subscription". */
                        name?: string;
                        use_admin_credentials?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description service_principal (client secret, the default), workload_identity (federated token file) or managed_identity. */
                            auth_method: "service_principal" | "workload_identity" | "managed_identity";
                            authority_host: string | null;
                            auto_sync_interval_minutes: number;
                            client_id: string | null;
                            /** @description How the server authenticates to synced Entra-enabled clusters: in_process (Entra tokens minted by the server, no kubelogin needed; default) or kubelogin (runs the kubelogin exec plugin). */
                            cluster_auth_mode: "in_process" | "kubelogin";
                            /** @description Clusters registered from this subscription. */
                            cluster_count: number;
                            /** Format: date-time */
                            created_at: string;
                            /** @description Azure cloud. `custom` needs authority_host and resource_manager_endpoint. */
                            environment: "AzurePublicCloud" | "AzureChinaCloud" | "AzureUSGovernment" | "custom";
                            has_client_secret: boolean;
                            last_checked_at: string | null;
                            last_synced_at: string | null;
                            name: string;
                            resource_manager_audience: string | null;
                            resource_manager_endpoint: string | null;
                            status: "unknown" | "connected" | "error";
                            status_message: string;
                            subscription_id: string;
                            tenant_id: string;
                            /** Format: date-time */
                            updated_at: string;
                            /** @description Sync fetches admin credentials instead of user credentials (not recommended). */
                            use_admin_credentials: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/azure/subscriptions/{subscription_id}/clusters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Discover AKS clusters (and Azure Arc clusters) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Azure subscription ID (a GUID) */
                    subscription_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["DiscoveredCluster"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/azure/subscriptions/{subscription_id}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sync AKS clusters
         * @description Runs as a job. Answers 200 with the result when it finishes within 5 s, else 202 with the job to follow at GET /api/v1/jobs/{id}.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Azure subscription ID (a GUID) */
                    subscription_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description ARM ids to sync; default all. */
                        cluster_ids?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            counts: {
                                created: number;
                                failed: number;
                                removed: number;
                                unchanged: number;
                                updated: number;
                            };
                            results: {
                                action: "created" | "updated" | "unchanged" | "removed" | "failed";
                                cluster_id: string | null;
                                error?: string;
                                id: string;
                                name: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            job_id: string;
                            status_url: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/azure/subscriptions/{subscription_id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Test Azure connection */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Azure subscription ID (a GUID) */
                    subscription_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checks: {
                                duration_ms: number;
                                message: string;
                                /** @description token, list_clusters, … */
                                name: string;
                                ok: boolean;
                            }[];
                            cluster_count: number | null;
                            /** @description Summary; on failure, the cause and the fix (seed troubleshooting). */
                            message: string;
                            status: "unknown" | "connected" | "error";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/azure/subscriptions/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add several subscriptions that share one credential
         * @description Each is added on its own; the result says per subscription whether it was created, already there, or failed.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description service_principal (client secret, the default), workload_identity (federated token file) or managed_identity. */
                        auth_method?: "service_principal" | "workload_identity" | "managed_identity";
                        /** @description Entra ID authority host for environment=custom, e.g. https://login.example.net */
                        authority_host?: string;
                        /** @description Minutes between automatic discovery + sync; 0 turns it off. */
                        auto_sync_interval_minutes?: number;
                        /** @description Service principal application (client) ID; for managed identity, the user-assigned identity client ID (a GUID) */
                        client_id?: string;
                        /** @description Never returned by the API. */
                        client_secret?: string;
                        /** @description How the server authenticates to synced Entra-enabled clusters: in_process (Entra tokens minted by the server, no kubelogin needed; default) or kubelogin (runs the kubelogin exec plugin). */
                        cluster_auth_mode?: "in_process" | "kubelogin";
                        /** @description Azure cloud. `custom` needs authority_host and resource_manager_endpoint. */
                        environment?: "AzurePublicCloud" | "AzureChinaCloud" | "AzureUSGovernment" | "custom";
                        /** @description ARM token audience for environment=custom (default: the endpoint). */
                        resource_manager_audience?: string;
                        /** @description ARM endpoint for environment=custom, e.g. https://management.example.net */
                        resource_manager_endpoint?: string;
                        /** @description Subscriptions to add with this credential; a missing name is taken from Azure. */
                        subscriptions: {
                            /** @description Friendly name, e.g. "Production Subscription". */
                            name?: string;
                            /** @description Azure subscription ID (a GUID) */
                            subscription_id: string;
                        }[];
                        /** @description Entra ID (Azure AD) tenant ID (a GUID) */
                        tenant_id: string;
                        use_admin_credentials?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            results: {
                                action: "created" | "exists" | "failed";
                                error?: string;
                                name: string;
                                subscription_id: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/azure/subscriptions/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Test subscription settings without saving them (the form's Test Connection) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description service_principal (client secret, the default), workload_identity (federated token file) or managed_identity. */
                        auth_method?: "service_principal" | "workload_identity" | "managed_identity";
                        /** @description Entra ID authority host for environment=custom, e.g. https://login.example.net */
                        authority_host?: string;
                        /** @description Minutes between automatic discovery + sync; 0 turns it off. */
                        auto_sync_interval_minutes?: number;
                        /** @description Service principal application (client) ID; for managed identity, the user-assigned identity client ID (a GUID) */
                        client_id?: string;
                        /** @description Never returned by the API. */
                        client_secret?: string;
                        /** @description How the server authenticates to synced Entra-enabled clusters: in_process (Entra tokens minted by the server, no kubelogin needed; default) or kubelogin (runs the kubelogin exec plugin). */
                        cluster_auth_mode?: "in_process" | "kubelogin";
                        /** @description Azure cloud. `custom` needs authority_host and resource_manager_endpoint. */
                        environment?: "AzurePublicCloud" | "AzureChinaCloud" | "AzureUSGovernment" | "custom";
                        /** @description Friendly name, e.g. "Production Subscription". */
                        name: string;
                        /** @description ARM token audience for environment=custom (default: the endpoint). */
                        resource_manager_audience?: string;
                        /** @description ARM endpoint for environment=custom, e.g. https://management.example.net */
                        resource_manager_endpoint?: string;
                        /** @description Azure subscription ID (a GUID) */
                        subscription_id: string;
                        /** @description Entra ID (Azure AD) tenant ID (a GUID) */
                        tenant_id: string;
                        use_admin_credentials?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checks: {
                                duration_ms: number;
                                message: string;
                                /** @description token, list_clusters, … */
                                name: string;
                                ok: boolean;
                            }[];
                            cluster_count: number | null;
                            /** @description Summary; on failure, the cause and the fix (seed troubleshooting). */
                            message: string;
                            status: "unknown" | "connected" | "error";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/azure/subscriptions/visible": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * List the subscriptions a credential can see
         * @description The body is a subscription's credential (tenant_id, client_id, client_secret, auth_method, environment, …) without subscription_id and name.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description service_principal (client secret, the default), workload_identity (federated token file) or managed_identity. */
                        auth_method?: "service_principal" | "workload_identity" | "managed_identity";
                        /** @description Entra ID authority host for environment=custom, e.g. https://login.example.net */
                        authority_host?: string;
                        /** @description Minutes between automatic discovery + sync; 0 turns it off. */
                        auto_sync_interval_minutes?: number;
                        /** @description Service principal application (client) ID; for managed identity, the user-assigned identity client ID (a GUID) */
                        client_id?: string;
                        /** @description Never returned by the API. */
                        client_secret?: string;
                        /** @description How the server authenticates to synced Entra-enabled clusters: in_process (Entra tokens minted by the server, no kubelogin needed; default) or kubelogin (runs the kubelogin exec plugin). */
                        cluster_auth_mode?: "in_process" | "kubelogin";
                        /** @description Azure cloud. `custom` needs authority_host and resource_manager_endpoint. */
                        environment?: "AzurePublicCloud" | "AzureChinaCloud" | "AzureUSGovernment" | "custom";
                        /** @description ARM token audience for environment=custom (default: the endpoint). */
                        resource_manager_audience?: string;
                        /** @description ARM endpoint for environment=custom, e.g. https://management.example.net */
                        resource_manager_endpoint?: string;
                        /** @description Entra ID (Azure AD) tenant ID (a GUID) */
                        tenant_id: string;
                        use_admin_credentials?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                name: string;
                                /** @description Already added here. */
                                registered: boolean;
                                state: string;
                                subscription_id: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clusters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List clusters */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Cluster"][];
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Register a cluster from a kubeconfig
         * @description The kubeconfig is validated, reduced to the chosen context, sealed and never returned.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        context?: string;
                        description?: string;
                        favorite?: boolean;
                        /** @description The kubeconfig file as YAML text. Never returned by the API. */
                        kubeconfig: string;
                        /** @description Kubernetes-style labels for filtering. */
                        labels?: {
                            [key: string]: string;
                        };
                        /** @description Unique display name (case-insensitive), 1–100 printable characters. */
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description How the server authenticates (token, client-certificate, exec:kubelogin, none); never the secret. */
                            auth: string;
                            /** @description The kubeconfig context in use. */
                            context: string;
                            /** Format: date-time */
                            created_at: string;
                            description: string;
                            favorite: boolean;
                            flux: {
                                failed: number;
                                objects: number;
                                progressing: number;
                                ready: number;
                                suspended: number;
                                /** @description pending, discovering, syncing, synced, degraded, error (see GET /clusters/{id}/sync). */
                                sync: string;
                                unknown: number;
                            } | null;
                            /** @description The connection: can the server reach and read the cluster. */
                            health: components["schemas"]["ClusterHealth"] | null;
                            id: string;
                            labels: {
                                [key: string]: string;
                            };
                            name: string;
                            /** @description API server URL. */
                            server: string;
                            source: {
                                azure_subscription_id: string | null;
                                /** @description The cluster is gone from its source (e.g. deleted in Azure); kept until removed here. */
                                missing_in_source: boolean;
                                /** @description ARM resource id for AKS clusters. */
                                ref: string | null;
                                resource_group: string | null;
                                type: "kubeconfig" | "aks";
                            };
                            /** Format: date-time */
                            updated_at: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clusters/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a cluster */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description How the server authenticates (token, client-certificate, exec:kubelogin, none); never the secret. */
                            auth: string;
                            /** @description The kubeconfig context in use. */
                            context: string;
                            /** Format: date-time */
                            created_at: string;
                            description: string;
                            favorite: boolean;
                            flux: {
                                failed: number;
                                objects: number;
                                progressing: number;
                                ready: number;
                                suspended: number;
                                /** @description pending, discovering, syncing, synced, degraded, error (see GET /clusters/{id}/sync). */
                                sync: string;
                                unknown: number;
                            } | null;
                            /** @description The connection: can the server reach and read the cluster. */
                            health: components["schemas"]["ClusterHealth"] | null;
                            id: string;
                            labels: {
                                [key: string]: string;
                            };
                            name: string;
                            /** @description API server URL. */
                            server: string;
                            source: {
                                azure_subscription_id: string | null;
                                /** @description The cluster is gone from its source (e.g. deleted in Azure); kept until removed here. */
                                missing_in_source: boolean;
                                /** @description ARM resource id for AKS clusters. */
                                ref: string | null;
                                resource_group: string | null;
                                type: "kubeconfig" | "aks";
                            };
                            /** Format: date-time */
                            updated_at: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Remove a cluster and its cached state */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a cluster (name, description, favorite, labels, kubeconfig) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        context?: string;
                        description?: string;
                        favorite?: boolean;
                        /** @description The kubeconfig file as YAML text. Never returned by the API. */
                        kubeconfig?: string;
                        /** @description Kubernetes-style labels for filtering. */
                        labels?: {
                            [key: string]: string;
                        };
                        /** @description Unique display name (case-insensitive), 1–100 printable characters. */
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description How the server authenticates (token, client-certificate, exec:kubelogin, none); never the secret. */
                            auth: string;
                            /** @description The kubeconfig context in use. */
                            context: string;
                            /** Format: date-time */
                            created_at: string;
                            description: string;
                            favorite: boolean;
                            flux: {
                                failed: number;
                                objects: number;
                                progressing: number;
                                ready: number;
                                suspended: number;
                                /** @description pending, discovering, syncing, synced, degraded, error (see GET /clusters/{id}/sync). */
                                sync: string;
                                unknown: number;
                            } | null;
                            /** @description The connection: can the server reach and read the cluster. */
                            health: components["schemas"]["ClusterHealth"] | null;
                            id: string;
                            labels: {
                                [key: string]: string;
                            };
                            name: string;
                            /** @description API server URL. */
                            server: string;
                            source: {
                                azure_subscription_id: string | null;
                                /** @description The cluster is gone from its source (e.g. deleted in Azure); kept until removed here. */
                                missing_in_source: boolean;
                                /** @description ARM resource id for AKS clusters. */
                                ref: string | null;
                                resource_group: string | null;
                                type: "kubeconfig" | "aks";
                            };
                            /** Format: date-time */
                            updated_at: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/clusters/{id}/graph": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dependency graph of a cluster’s Flux objects (or a filtered slice)
         * @description The objects matching the filters and everything they use, transitively. Without filters: the whole cluster.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Only these kinds (and what they use). Several separated by commas. */
                    kind?: string;
                    /** @description Most nodes to answer with. */
                    limit?: number;
                    /** @description Only these namespaces (and what they use). */
                    namespace?: string;
                    /** @description Only objects in these statuses (and what they use), e.g. `failed`. */
                    status?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DependencyGraph"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clusters/{id}/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Latest health of a cluster, with recent changes
         * @description With `refresh=true` the cluster is checked now (joining a check already running).
         */
        get: {
            parameters: {
                query?: {
                    /** @description Check now instead of returning the last result. */
                    refresh?: boolean;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            cluster_id: string;
                            health: components["schemas"]["ClusterHealth"] | null;
                            history: {
                                /** Format: date-time */
                                checked_at: string;
                                reason: string;
                                status: "healthy" | "degraded" | "unauthorized" | "unreachable";
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clusters/{id}/kubeconfig": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a kubeconfig for a cluster synced from Azure (kubelogin format)
         * @description Credentials are left out unless `include_secret=true`: the client secret of kubelogin clusters, and the certificate, key and token of clusters with local accounts. Every download is audited, with whether it carried a credential.
         */
        get: {
            parameters: {
                query?: {
                    include_secret?: boolean;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The kubeconfig file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/yaml": string;
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clusters/{id}/pods/{namespace}/{name}/delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Delete a pod (its controller starts a new one)
         * @description 409 `flux_owned` for a pod Flux applied itself (it comes back at the next reconcile) unless `acknowledge_flux_owner` is true.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    /** @description An object name (lower-case letters, digits, - and .). */
                    name: string;
                    /** @description A namespace (lower-case letters, digits and -). */
                    namespace: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Act even though Flux applied the object (it may put the change back at its next reconcile). Without it such a request answers 409 naming the owner. */
                        acknowledge_flux_owner?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WorkloadActionResult"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clusters/{id}/pods/{namespace}/{name}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Logs of one pod (e.g. a workload of an inventory tree)
         * @description NDJSON (`application/x-ndjson`), one LogEntry per line: the last `tail` lines, then new ones with `follow`. `container` is required when the pod has several (400 lists them).
         */
        get: {
            parameters: {
                query?: {
                    /** @description Required when the pod has several containers. */
                    container?: string;
                    /** @description Keep the answer open and send new lines as they are written. */
                    follow?: boolean;
                    /** @description Only lines of the last this many seconds. */
                    since_seconds?: number;
                    /** @description Lines to show from before now (default 100). */
                    tail?: number;
                };
                header?: never;
                path: {
                    id: string;
                    /** @description An object name (lower-case letters, digits, - and .). */
                    name: string;
                    /** @description A namespace (lower-case letters, digits and -). */
                    namespace: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description NDJSON of LogEntry. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clusters/{id}/resources/{kind}/{namespace}/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One Flux object, live from its cluster
         * @description Full object and YAML, computed status, conditions, recent Kubernetes events, recorded status changes, its source, what it depends on and what depends on it. `kind` is the Kind or its plural, any case. While the cluster cannot be reached the answer is still 200, with `live: false`, `unavailable_reason` and the last known state (no object, YAML or conditions); 404 when neither the cluster nor the index knows the object, 403 when the cluster refuses to show it.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    kind: string;
                    name: string;
                    namespace: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ResourceDetail"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clusters/{id}/resources/{kind}/{namespace}/{name}/graph": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dependency graph of one Flux object
         * @description What it uses (source, HelmChart, dependsOn), transitively, and what uses it, transitively, with every node’s status. References to objects that do not exist are `missing` nodes.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    kind: string;
                    name: string;
                    namespace: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DependencyGraph"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clusters/{id}/resources/{kind}/{namespace}/{name}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Flux controller logs about one object
         * @description The lines of the controller that reconciles the kind (its pods by label in the Flux namespace) that are about this object, as NDJSON (`application/x-ndjson`, one LogEntry per line): the last `tail`, then new ones with `follow`. A followed log that ends (pod deleted or restarted) says so in a last `error` entry. 404 names the controller when no pod of it runs.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Where the Flux controllers run (default `flux-system`). */
                    flux_namespace?: string;
                    /** @description Keep the answer open and send new lines as they are written. */
                    follow?: boolean;
                    /** @description `error`: errors only; `info` (default): no debug lines. */
                    level?: "debug" | "info" | "error";
                    /** @description Only lines of the last this many seconds. */
                    since_seconds?: number;
                    /** @description Lines to show from before now (default 100). */
                    tail?: number;
                };
                header?: never;
                path: {
                    id: string;
                    kind: string;
                    name: string;
                    namespace: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description NDJSON of LogEntry. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clusters/{id}/resources/{kind}/{namespace}/{name}/reconcile": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reconcile now (as `flux reconcile`)
         * @description Annotates `reconcile.fluxcd.io/requestedAt` (the source first with `with_source`). With `wait_seconds` the answer comes when the controller has handled it (ready or failed) or the time is up.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    kind: string;
                    name: string;
                    namespace: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description HelmRelease: one-off install/upgrade even without changes (`reconcile.fluxcd.io/forceAt`). */
                        force?: boolean;
                        /** @description HelmRelease: reset the failure counters (`reconcile.fluxcd.io/resetAt`). */
                        reset?: boolean;
                        /** @description Answer when the outcome lands, or after this long. */
                        wait_seconds?: number;
                        /** @description Reconcile the source first (as `flux reconcile --with-source`). */
                        with_source?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ActionResult"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clusters/{id}/resources/{kind}/{namespace}/{name}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume (as `flux resume`): clears spec.suspend and requests a reconcile */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    kind: string;
                    name: string;
                    namespace: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Resume: wait for the reconcile it requests. */
                        wait_seconds?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ActionResult"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clusters/{id}/resources/{kind}/{namespace}/{name}/suspend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Suspend (as `flux suspend`): sets spec.suspend */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    kind: string;
                    name: string;
                    namespace: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Resume: wait for the reconcile it requests. */
                        wait_seconds?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ActionResult"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clusters/{id}/resources/{kind}/{namespace}/{name}/tree": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Inventory tree: what a Flux object applied, live, with health
         * @description The entries of `status.inventory` (Kustomization; HelmRelease from Flux 2.8; ResourceSet, FluxInstance) read from the cluster: workloads with their rollout health, pods of Deployments, StatefulSets and DaemonSets, nested Flux objects expanded with their own inventory. At most 1,000 nodes (`truncated`). Only names and health are returned, never object contents.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    kind: string;
                    name: string;
                    namespace: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryTree"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clusters/{id}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where the sync of one cluster’s Flux objects stands, per kind */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ClusterSyncStatus"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clusters/{id}/workloads/{kind}/{namespace}/{name}/restart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rollout restart of a Deployment, StatefulSet or DaemonSet (as `kubectl rollout restart`)
         * @description Writes `kubectl.kubernetes.io/restartedAt` into the pod template; Flux leaves that annotation alone, so no acknowledgement is needed.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    /** @description Deployment, StatefulSet or DaemonSet (any case, or the plural). */
                    kind: string;
                    /** @description An object name (lower-case letters, digits, - and .). */
                    name: string;
                    /** @description A namespace (lower-case letters, digits and -). */
                    namespace: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Act even though Flux applied the object (it may put the change back at its next reconcile). Without it such a request answers 409 naming the owner. */
                        acknowledge_flux_owner?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WorkloadActionResult"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clusters/{id}/workloads/{kind}/{namespace}/{name}/scale": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Scale a Deployment or StatefulSet (as `kubectl scale`)
         * @description 409 `flux_owned` when a Kustomization or HelmRelease applied it (Flux may put the replicas back) unless `acknowledge_flux_owner` is true.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    /** @description Deployment, StatefulSet or DaemonSet (any case, or the plural). */
                    kind: string;
                    /** @description An object name (lower-case letters, digits, - and .). */
                    name: string;
                    /** @description A namespace (lower-case letters, digits and -). */
                    namespace: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Act even though Flux applied the object (it may put the change back at its next reconcile). Without it such a request answers 409 naming the owner. */
                        acknowledge_flux_owner?: boolean;
                        replicas: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WorkloadActionResult"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clusters/health-changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Health changes across the fleet, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description How many changes, newest first (1–500). */
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /**
                                 * Format: date-time
                                 * @description The check that saw the change.
                                 */
                                checked_at: string;
                                /** @description The cluster name. */
                                cluster: string;
                                cluster_id: string;
                                reason: string;
                                status: "healthy" | "degraded" | "unauthorized" | "unreachable";
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clusters/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Cluster counts by health */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            by_status: {
                                degraded: number;
                                healthy: number;
                                unauthorized: number;
                                /** @description Not checked yet. */
                                unknown: number;
                                unreachable: number;
                            };
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Kubernetes events of Flux objects across the fleet, kept past the clusters’ TTL
         * @description Every event of a Flux object and Warning events of workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod, Job, CronJob), as the clusters’ event watches delivered them, kept for EVENT_RETENTION_DAYS. Newest first (last_seen). Filters combine with AND; values within one filter with OR.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Cluster id or name. Several values separated by commas. */
                    cluster?: string;
                    cursor?: string;
                    /** @description Kind of the involved object: a Flux kind (Kind, plural or short name) or Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod, Job, CronJob. Several values separated by commas. */
                    kind?: string;
                    limit?: number;
                    /** @description Name of the involved object. Several values separated by commas. */
                    name?: string;
                    /** @description Namespace of the involved object. Several values separated by commas. */
                    namespace?: string;
                    /** @description Text in message, reason or name (case-insensitive). */
                    q?: string;
                    /** @description Reason, e.g. ReconciliationFailed. Several values separated by commas. */
                    reason?: string;
                    /** @description Last seen at or after. ISO 8601 time, e.g. 2026-01-31T12:00:00Z. */
                    since?: string;
                    type?: "Warning" | "Normal";
                    /** @description Last seen at or before. ISO 8601 time, e.g. 2026-01-31T12:00:00Z. */
                    until?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["KubeEventList"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every matching Kubernetes event as CSV or JSON, streamed
         * @description Same filters as `GET /api/v1/events`, newest first, without paging. CSV has a header row; JSON is an array of KubeEventItem.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Cluster id or name. Several values separated by commas. */
                    cluster?: string;
                    /** @description Default csv. */
                    format?: "csv" | "json";
                    /** @description Kind of the involved object: a Flux kind (Kind, plural or short name) or Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod, Job, CronJob. Several values separated by commas. */
                    kind?: string;
                    /** @description Name of the involved object. Several values separated by commas. */
                    name?: string;
                    /** @description Namespace of the involved object. Several values separated by commas. */
                    namespace?: string;
                    /** @description Text in message, reason or name (case-insensitive). */
                    q?: string;
                    /** @description Reason, e.g. ReconciliationFailed. Several values separated by commas. */
                    reason?: string;
                    /** @description Last seen at or after. ISO 8601 time, e.g. 2026-01-31T12:00:00Z. */
                    since?: string;
                    type?: "Warning" | "Normal";
                    /** @description Last seen at or before. ISO 8601 time, e.g. 2026-01-31T12:00:00Z. */
                    until?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The file. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                        "text/csv": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                        "text/csv": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recent jobs, newest first
         * @description A caller scoped to some clusters sees the jobs they started.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Job"][];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One job with its progress and result */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            created_at: string;
                            error: string | null;
                            id: string;
                            progress: {
                                done: number;
                                total: number;
                            };
                            /** @description The operation result when succeeded (e.g. a SyncResult). */
                            result: unknown | null;
                            /** @description Who asked for it (a username or `token:<owner>/<name>`); null for scheduled work. */
                            started_by: string | null;
                            status: "queued" | "running" | "succeeded" | "failed";
                            /** @description What it works on, e.g. the subscription id. */
                            subject: string;
                            /** @description e.g. azure.sync */
                            type: string;
                            /** Format: date-time */
                            updated_at: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/matrix": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Fleet matrix: one Flux object (or every object of a kind) per cluster
         * @description One row per cluster with the matching objects’ revision (chart version for a HelmRelease), status, and the cluster’s Flux version; counts per revision and per Flux version. `?kind=HelmRelease&name=podinfo&revision=6.5` answers “which clusters still run podinfo 6.5”, `&flux_version=2.5` “which clusters are on Flux 2.5”.
         */
        get: {
            parameters: {
                query: {
                    /** @description Only these clusters (id or name). Several values separated by commas. */
                    cluster?: string;
                    /** @description Cluster labels: `env=prod,team!=payments,region`. */
                    cluster_selector?: string;
                    /** @description Only clusters whose Flux version starts with this, e.g. `2.5` (a leading `v` is ignored). */
                    flux_version?: string;
                    /** @description One Flux kind (Kind, plural or short name, any case). */
                    kind: string;
                    /** @description Only objects of this name (e.g. `podinfo`); all objects of the kind without it. */
                    name?: string;
                    /** @description Only objects in these namespaces. Several values separated by commas. */
                    namespace?: string;
                    /** @description Only objects whose revision (applied revision, artifact revision or chart version) starts with this, e.g. `6.5`. */
                    revision?: string;
                    /** @description Only objects in these statuses. Several values separated by commas. */
                    status?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["FleetMatrix"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/replicas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Server replicas: alive, leader, clusters watched */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description Clusters whose lease it holds (it watches them) */
                                clusters: number;
                                /** @description Host and process id */
                                description: string;
                                heartbeat_age_ms: number;
                                /** @description Host name and a random suffix, new at each start */
                                id: string;
                                /** @description Runs fleet-wide periodic work (retention, automatic Azure syncs) */
                                leader: boolean;
                                /** @description Heartbeating and connected: it watches its share of the clusters */
                                live: boolean;
                                /** Format: date-time */
                                started_at: string;
                            }[];
                            /** @description replicated on PostgreSQL; single on SQLite and MariaDB */
                            mode: "replicated" | "single";
                            replica_id: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/resources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every Flux object in the fleet: filter, sort, page
         * @description Answers from the live index. Filters combine with AND; values within one filter with OR. `facets` count, per filter, what each value would give.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Cluster id or name. Several values separated by commas. */
                    cluster?: string;
                    /** @description Cluster labels: `env=prod,team!=payments,region` (=, !=, exists). */
                    cluster_selector?: string;
                    cursor?: string;
                    /** @description Flux kind (Kind, plural or short name, any case). Several values separated by commas. */
                    kind?: string;
                    limit?: number;
                    /** @description Namespace. Several values separated by commas. */
                    namespace?: string;
                    order?: "asc" | "desc";
                    /** @description Text in name, namespace, kind, reason or message (case-insensitive). */
                    q?: string;
                    /** @description Default `status`: failures first, newest change first. */
                    sort?: "status" | "name" | "kind" | "cluster" | "namespace" | "since";
                    /** @description ready, failed, progressing, suspended, unknown. Several values separated by commas. */
                    status?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ResourceList"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/resources/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every matching Flux object as CSV or JSON, streamed
         * @description Same filters and sort as `GET /api/v1/resources`, without paging. CSV has a header row; JSON is an array of ResourceItem.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Cluster id or name. Several values separated by commas. */
                    cluster?: string;
                    /** @description Cluster labels: `env=prod,team!=payments,region` (=, !=, exists). */
                    cluster_selector?: string;
                    /** @description Default csv. */
                    format?: "csv" | "json";
                    /** @description Flux kind (Kind, plural or short name, any case). Several values separated by commas. */
                    kind?: string;
                    /** @description Namespace. Several values separated by commas. */
                    namespace?: string;
                    order?: "asc" | "desc";
                    /** @description Text in name, namespace, kind, reason or message (case-insensitive). */
                    q?: string;
                    /** @description Default `status`: failures first, newest change first. */
                    sort?: "status" | "name" | "kind" | "cluster" | "namespace" | "since";
                    /** @description ready, failed, progressing, suspended, unknown. Several values separated by commas. */
                    status?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The file. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                        "text/csv": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                        "text/csv": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/resources/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Fleet roll-up per cluster and per kind, failures first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ResourceSummary"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/role-bindings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Role bindings of users and groups */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RoleBindingList"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Bind a role to a user or group, over the fleet or a scope */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Only these clusters (ids). */
                        cluster_ids?: string[];
                        /** @description Only clusters whose labels match, e.g. `env=dev,team!=a`. */
                        cluster_selector?: string;
                        /** @description Only Flux objects in these namespaces. */
                        namespaces?: string[];
                        /** @description viewer (read), operator (viewer + Flux actions), admin (everything) */
                        role: "viewer" | "operator" | "admin";
                        /** @description For a user: their id (GET /api/v1/users), not the username. For a group: its name or object id as the identity provider sends it. */
                        subject: string;
                        subject_type: "user" | "group";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RoleBinding"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/role-bindings/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Give a role binding a new role and scope (its user or group stays)
         * @description The body replaces the role and the whole scope (no `cluster_ids`, `cluster_selector` or `namespaces`: every cluster and namespace). The last admin binding over the whole fleet is not narrowed: 409 `last_admin`.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Only these clusters (ids). */
                        cluster_ids?: string[];
                        /** @description Only clusters whose labels match, e.g. `env=dev,team!=a`. */
                        cluster_selector?: string;
                        /** @description Only Flux objects in these namespaces. */
                        namespaces?: string[];
                        /** @description viewer (read), operator (viewer + Flux actions), admin (everything) */
                        role: "viewer" | "operator" | "admin";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RoleBinding"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        /**
         * Remove a role binding
         * @description The last admin binding over the whole fleet (of a user or group) is not removed: 409 `last_admin`.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live stream (Server-Sent Events)
         * @description Events: `resource` (an object changed; data is a ResourceItem with `type: "upsert"` and `previous_status`, null for a new object), `resource.deleted`, `event` (a new or repeated Kubernetes event of a Flux object, or a workload’s Warning; data is a KubeEventItem, scoped and filtered by its object’s cluster, kind and namespace), `cluster` (connection, sync or roll-up changed; or `type: "deleted"`), `job` (progress, finished), `audit` (an entry was added to the audit trail: `{cluster_id}`, null when it is about no cluster; read `GET /api/v1/audit` again), `resync` (reload: events were missed), `hello`, and `unauthorized` (the credential behind the stream was revoked or its roles changed; the stream ends). Resume with `Last-Event-ID`. Comments (`: ping`) are heartbeats.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Only these clusters (id or name). Several values separated by commas. */
                    cluster?: string;
                    /** @description Only these kinds. Several values separated by commas. */
                    kind?: string;
                    /** @description Only these namespaces. Several values separated by commas. */
                    namespace?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** API tokens: your own (an admin sees every token; a token that is not an admin's sees only itself) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiTokenList"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Create an API token (for yourself, or as admin for a service account); the token is shown once
         * @description Use it as `Authorization: Bearer <token>`. It holds the role and scope given here, never more than its owner holds.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Only these clusters (ids). */
                        cluster_ids?: string[];
                        /** @description Only clusters whose labels match, e.g. `env=dev,team!=a`. */
                        cluster_selector?: string;
                        /**
                         * Format: date-time
                         * @description Default: never.
                         */
                        expires_at?: string;
                        name: string;
                        /** @description Only Flux objects in these namespaces. */
                        namespaces?: string[];
                        /** @description viewer (read), operator (viewer + Flux actions), admin (everything) */
                        role: "viewer" | "operator" | "admin";
                        /** @description Owner (default: yourself); another user or a service account needs admin. */
                        user_id?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiTokenCreated"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API token (yours; an admin revokes any) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Users and service accounts */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["UserList"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a local user (with a password) or a service account (tokens only) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        display_name?: string;
                        kind: "local" | "service";
                        password?: string;
                        /** @description viewer (read), operator (viewer + Flux actions), admin (everything) */
                        role?: "viewer" | "operator" | "admin";
                        username: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a user with their sessions, tokens and bindings
         * @description Not yourself (400 `cannot_delete_self`), nor the last user who is admin of the whole fleet (409 `last_admin`).
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Rename a user, or disable (enable) them
         * @description Disabling ends their sessions and refuses their API tokens until they are enabled again; their bindings and tokens are kept. You cannot disable yourself (400 `cannot_disable_self`), nor the last user who is admin of the whole fleet (409 `last_admin`).
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description true: no sign-in, sessions end, API tokens refused; false: allowed again (tokens work again). */
                        disabled?: boolean;
                        /** @description A single sign-on user's is set again from the identity provider at each sign-in. */
                        display_name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                                code: string;
                                details?: {
                                    /** @description The request field, e.g. body.name or kubeconfig. */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What went wrong and what to fix. */
                                message: string;
                                request_id?: string;
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ActionResult: {
            action: "reconcile" | "suspend" | "resume";
            last_handled_reconcile_at: string | null;
            /** @description requested: not waited for; ready/failed: the controller handled the request with this result; timeout: wait_seconds passed first; done: suspend applied. */
            outcome: "requested" | "ready" | "failed" | "timeout" | "done";
            /** @description The token written to reconcile.fluxcd.io/requestedAt (or the time of the change). */
            requested_at: string;
            resource: components["schemas"]["ResourceItem"];
            source?: {
                ref: components["schemas"]["FluxRef"];
                requested_at: string;
            };
        };
        ApiToken: {
            bindings: {
                /** @description Only these clusters (ids). */
                cluster_ids?: string[];
                /** @description Only clusters whose labels match, e.g. `env=dev,team!=a`. */
                cluster_selector?: string;
                /** @description Only Flux objects in these namespaces. */
                namespaces?: string[];
                /** @description viewer (read), operator (viewer + Flux actions), admin (everything) */
                role: "viewer" | "operator" | "admin";
            }[];
            /** Format: date-time */
            created_at: string;
            expires_at: string | null;
            id: string;
            last_used_at: string | null;
            name: string;
            /** @description Username of the user or service account the token acts as. */
            owner: string;
            /** @description The first characters of the token, to tell tokens apart. */
            prefix: string;
            user_id: string;
        };
        ApiTokenCreated: {
            api_token: {
                bindings: {
                    /** @description Only these clusters (ids). */
                    cluster_ids?: string[];
                    /** @description Only clusters whose labels match, e.g. `env=dev,team!=a`. */
                    cluster_selector?: string;
                    /** @description Only Flux objects in these namespaces. */
                    namespaces?: string[];
                    /** @description viewer (read), operator (viewer + Flux actions), admin (everything) */
                    role: "viewer" | "operator" | "admin";
                }[];
                /** Format: date-time */
                created_at: string;
                expires_at: string | null;
                id: string;
                last_used_at: string | null;
                name: string;
                /** @description Username of the user or service account the token acts as. */
                owner: string;
                /** @description The first characters of the token, to tell tokens apart. */
                prefix: string;
                user_id: string;
            };
            /** @description The token itself: shown this once, stored only hashed. */
            token: string;
        };
        ApiTokenList: {
            items: {
                bindings: {
                    /** @description Only these clusters (ids). */
                    cluster_ids?: string[];
                    /** @description Only clusters whose labels match, e.g. `env=dev,team!=a`. */
                    cluster_selector?: string;
                    /** @description Only Flux objects in these namespaces. */
                    namespaces?: string[];
                    /** @description viewer (read), operator (viewer + Flux actions), admin (everything) */
                    role: "viewer" | "operator" | "admin";
                }[];
                /** Format: date-time */
                created_at: string;
                expires_at: string | null;
                id: string;
                last_used_at: string | null;
                name: string;
                /** @description Username of the user or service account the token acts as. */
                owner: string;
                /** @description The first characters of the token, to tell tokens apart. */
                prefix: string;
                user_id: string;
            }[];
        };
        AuditEntry: {
            /** @description e.g. cluster.create, azure.subscription.sync, cluster.kubeconfig.download */
            action: string;
            /** @description Who: a username, `token:<owner>/<name>` for an API token, `anonymous` (AUTH_MODE=none or a failed sign-in), `system` (background work). */
            actor: string;
            /** Format: date-time */
            at: string;
            /** @description The cluster the entry is about, if any. */
            cluster_id: string | null;
            /** @description What changed (never a secret). */
            detail: {
                [key: string]: unknown;
            };
            id: number;
            /** @description Client address of the request. */
            source: string | null;
            /** @description The cluster id, subscription id, … */
            target: string;
        };
        AuthOptions: {
            /** @description `none`: no login (loopback only); every caller is admin. */
            auth_mode: "local" | "none";
            /** @description Single sign-on, when configured. */
            oidc: null | {
                login_url: string;
                name: string;
            };
            /** @description Whether this request carries a live session cookie (checked without counting as activity; always true without login). Lets the web app show the sign-in page without asking GET /auth/me for a 401. */
            signed_in: boolean;
        };
        AzureSubscription: {
            /** @description service_principal (client secret, the default), workload_identity (federated token file) or managed_identity. */
            auth_method: "service_principal" | "workload_identity" | "managed_identity";
            authority_host: string | null;
            auto_sync_interval_minutes: number;
            client_id: string | null;
            /** @description How the server authenticates to synced Entra-enabled clusters: in_process (Entra tokens minted by the server, no kubelogin needed; default) or kubelogin (runs the kubelogin exec plugin). */
            cluster_auth_mode: "in_process" | "kubelogin";
            /** @description Clusters registered from this subscription. */
            cluster_count: number;
            /** Format: date-time */
            created_at: string;
            /** @description Azure cloud. `custom` needs authority_host and resource_manager_endpoint. */
            environment: "AzurePublicCloud" | "AzureChinaCloud" | "AzureUSGovernment" | "custom";
            has_client_secret: boolean;
            last_checked_at: string | null;
            last_synced_at: string | null;
            name: string;
            resource_manager_audience: string | null;
            resource_manager_endpoint: string | null;
            status: "unknown" | "connected" | "error";
            status_message: string;
            subscription_id: string;
            tenant_id: string;
            /** Format: date-time */
            updated_at: string;
            /** @description Sync fetches admin credentials instead of user credentials (not recommended). */
            use_admin_credentials: boolean;
        };
        BindingScope: {
            /** @description Only these clusters (ids). */
            cluster_ids?: string[];
            /** @description Only clusters whose labels match, e.g. `env=dev,team!=a`. */
            cluster_selector?: string;
            /** @description Only Flux objects in these namespaces. */
            namespaces?: string[];
            /** @description viewer (read), operator (viewer + Flux actions), admin (everything) */
            role: "viewer" | "operator" | "admin";
        };
        BulkActionPlan: {
            action: string;
            clusters: {
                cluster: string;
                cluster_id: string;
                objects: {
                    kind: string;
                    name: string;
                    namespace: string;
                    /** @description ready | failed | progressing | suspended | unknown (rules: flux-model/README.md) */
                    status: "ready" | "failed" | "progressing" | "suspended" | "unknown";
                    /** @description Objects of one cluster run by step: step 0 first (what others use), then 1, … Objects of one step run side by side. */
                    step: number;
                }[];
            }[];
            /** @enum {boolean} */
            dry_run: true;
            /** @description Selected kinds that do not have the action (left out). */
            skipped_kinds: string[];
            total: number;
        };
        Cluster: {
            /** @description How the server authenticates (token, client-certificate, exec:kubelogin, none); never the secret. */
            auth: string;
            /** @description The kubeconfig context in use. */
            context: string;
            /** Format: date-time */
            created_at: string;
            description: string;
            favorite: boolean;
            flux: {
                failed: number;
                objects: number;
                progressing: number;
                ready: number;
                suspended: number;
                /** @description pending, discovering, syncing, synced, degraded, error (see GET /clusters/{id}/sync). */
                sync: string;
                unknown: number;
            } | null;
            /** @description The connection: can the server reach and read the cluster. */
            health: components["schemas"]["ClusterHealth"] | null;
            id: string;
            labels: {
                [key: string]: string;
            };
            name: string;
            /** @description API server URL. */
            server: string;
            source: {
                azure_subscription_id: string | null;
                /** @description The cluster is gone from its source (e.g. deleted in Azure); kept until removed here. */
                missing_in_source: boolean;
                /** @description ARM resource id for AKS clusters. */
                ref: string | null;
                resource_group: string | null;
                type: "kubeconfig" | "aks";
            };
            /** Format: date-time */
            updated_at: string;
        };
        ClusterHealth: {
            /** Format: date-time */
            checked_at: string;
            flux_version: string | null;
            kubernetes_version: string | null;
            latency_ms: number | null;
            /** @description Why, when not healthy. */
            reason: string;
            status: "healthy" | "degraded" | "unauthorized" | "unreachable";
        };
        ClusterRollup: {
            by_status: components["schemas"]["StatusCounts"];
            cluster: string;
            cluster_id: string;
            /** @description Last health check: healthy, degraded, unauthorized, unreachable (null: not checked yet). */
            connection: string | null;
            objects: number;
            /** @description Kinds whose objects are the last known state, not live: items of these kinds are `stale`. */
            stale_kinds: string[];
            /** @description Sync state (see ClusterSyncStatus.state). */
            sync: string;
        };
        ClusterSyncStatus: {
            backoff_until: string | null;
            /** @description The watch of the cluster’s Kubernetes events (GET /api/v1/events); null until discovery succeeded. It does not count towards `state`: a cluster whose events cannot be watched is still `synced`. */
            events: {
                backoff_until: string | null;
                last_error: string | null;
                listed_at: string | null;
                state: "pending" | "listing" | "watching" | "backoff" | "forbidden" | "not_served" | "stopped";
            } | null;
            kinds: {
                backoff_until: string | null;
                kind: string;
                last_error: string | null;
                listed_at: string | null;
                state: "pending" | "listing" | "watching" | "backoff" | "forbidden" | "not_served" | "stopped";
                version: string;
            }[];
            last_error: string | null;
            /** @description synced: every served kind listed and watched; degraded: some kinds back off or are forbidden. */
            state: "pending" | "discovering" | "syncing" | "synced" | "degraded" | "error" | "stopped";
        };
        DependencyGraph: {
            cluster_id: string;
            edges: {
                /** @description The object that uses or waits for `to`; for `generates`, the producer. */
                from: string;
                to: string;
                /** @description source: `sourceRef`/`chartRef` (an ExternalArtifact’s `sourceRef` names its producer); chart: a HelmRelease’s HelmChart, made from `spec.chart`; depends_on: `dependsOn`; input: an ArtifactGenerator’s `spec.sources`, a ResourceSet’s `spec.inputsFrom` (by name, or the providers in its namespace whose labels match its selector); generates: from an ArtifactGenerator to the ExternalArtifacts it declares, from a ResourceSet or FluxInstance to the Flux objects in its inventory. */
                type: "source" | "chart" | "depends_on" | "input" | "generates";
            }[];
            nodes: {
                /** @description `Kind/namespace/name` within the cluster. */
                id: string;
                kind: string;
                message: string;
                name: string;
                namespace: string;
                reason: string;
                revision: string | null;
                /** @description The object’s status; `missing`: something refers to it and the cluster does not have it (often the failure). */
                status: "ready" | "failed" | "progressing" | "suspended" | "unknown" | "missing";
                suspended: boolean;
            }[];
            /** @description The object asked about (null for a cluster graph). */
            root: string | null;
            /** @description True when the graph reached the node limit and was cut. */
            truncated: boolean;
        };
        DiscoveredCluster: {
            aad_enabled: boolean;
            azure_rbac_enabled: boolean;
            /** @description The Flux Orchestrator cluster id when already synced. */
            cluster_id: string | null;
            fqdn: string | null;
            /** @description ARM resource id. */
            id: string;
            kubernetes_version: string | null;
            local_accounts_disabled: boolean;
            location: string;
            name: string;
            /** @description Sum of agent pool counts. */
            node_count: number;
            power_state: string | null;
            private_cluster: boolean;
            provisioning_state: string | null;
            registered: boolean;
            resource_group: string;
            tags: {
                [key: string]: string;
            };
            type: "aks" | "arc";
        };
        ErrorResponse: {
            error: {
                /** @description Stable machine-readable code, e.g. validation_failed, not_found, conflict. */
                code: string;
                details?: {
                    /** @description The request field, e.g. body.name or kubeconfig. */
                    field: string;
                    message: string;
                }[];
                /** @description What went wrong and what to fix. */
                message: string;
                request_id?: string;
            };
        };
        FleetMatrix: {
            /** @description Clusters per Flux version, most common first. */
            flux_versions: {
                clusters: number;
                flux_version: string | null;
            }[];
            kind: string;
            name: string | null;
            /** @description Objects and clusters per revision, most common first (null: no revision yet). */
            revisions: {
                clusters: number;
                objects: number;
                revision: string | null;
            }[];
            /** @description One row per cluster, by cluster name. With `status` or `revision`, only clusters with a matching object. */
            rows: {
                cluster: string;
                cluster_id: string;
                connection: string | null;
                /** @description From the last health check (null: not known yet). */
                flux_version: string | null;
                /** @description The matching objects in this cluster; empty when the cluster has none (it is missing there). */
                objects: {
                    message: string;
                    name: string;
                    namespace: string;
                    reason: string;
                    revision: string | null;
                    stale: boolean;
                    /** @description ready | failed | progressing | suspended | unknown (rules: flux-model/README.md) */
                    status: "ready" | "failed" | "progressing" | "suspended" | "unknown";
                    status_since: string;
                    suspended: boolean;
                }[];
            }[];
            totals: {
                by_status: components["schemas"]["StatusCounts"];
                /** @description Rows. */
                clusters: number;
                /** @description Rows with no matching object. */
                clusters_without: number;
                objects: number;
            };
        };
        FluxRef: {
            apiVersion?: string;
            kind: string;
            name: string;
            namespace: string;
        };
        InventoryNode: {
            api_version: string;
            /** @description A nested Flux object’s own inventory; the pods of a Deployment, StatefulSet or DaemonSet. */
            children: components["schemas"]["InventoryNode"][];
            /** @description A pod's containers (init containers last): what `GET /api/v1/clusters/{id}/pods/{namespace}/{name}/logs?container=` reads. Empty for other kinds. */
            containers: string[];
            /** @description The Kustomization or HelmRelease whose labels the object carries: Flux re-applies what it owns. */
            flux_owner: {
                kind: string;
                name: string;
                namespace: string;
            } | null;
            /** @description Workloads: healthy (rolled out), progressing, failed (deadline exceeded, crash loop, failed Job); Flux objects: their status (ready → healthy); missing: in the inventory but not in the cluster. */
            health: "healthy" | "progressing" | "failed" | "suspended" | "unknown" | "missing";
            /** @description The inventory id: `namespace_name_group_Kind`. */
            id: string;
            kind: string;
            message: string;
            name: string;
            /** @description Empty for cluster-scoped objects. */
            namespace: string;
        };
        InventoryTree: {
            cluster_id: string;
            /** @description Why a part is absent, e.g. a HelmRelease of a Flux before 2.8 reports no inventory. */
            notes: string[];
            root: components["schemas"]["InventoryNode"];
            /** @description True when the tree reached its size limit and was cut. */
            truncated: boolean;
        };
        Job: {
            /** Format: date-time */
            created_at: string;
            error: string | null;
            id: string;
            progress: {
                done: number;
                total: number;
            };
            /** @description The operation result when succeeded (e.g. a SyncResult). */
            result: unknown | null;
            /** @description Who asked for it (a username or `token:<owner>/<name>`); null for scheduled work. */
            started_by: string | null;
            status: "queued" | "running" | "succeeded" | "failed";
            /** @description What it works on, e.g. the subscription id. */
            subject: string;
            /** @description e.g. azure.sync */
            type: string;
            /** Format: date-time */
            updated_at: string;
        };
        KubeEventItem: {
            /** @description The cluster’s display name. */
            cluster: string;
            cluster_id: string;
            /** @description How often the cluster saw it. */
            count: number;
            first_seen: string;
            /** @description `cluster_id/uid` of the Event object. */
            id: string;
            /** @description Kind of the object the event is about (a Flux kind, or a workload kind for Warning events). */
            kind: string;
            last_seen: string;
            message: string;
            name: string;
            namespace: string;
            reason: string;
            /** @description The component that reported it. */
            source: string;
            /** @description Normal or Warning. */
            type: string;
        };
        KubeEventList: {
            items: components["schemas"]["KubeEventItem"][];
            /** @description Pass as `cursor` for the next page; null on the last. A page may hold fewer than `limit` items before the last. */
            next_cursor: string | null;
        };
        Me: {
            auth_mode: "local" | "none";
            bindings: {
                /** @description Only these clusters (ids). */
                cluster_ids?: string[];
                /** @description Only clusters whose labels match, e.g. `env=dev,team!=a`. */
                cluster_selector?: string;
                /** @description Only Flux objects in these namespaces. */
                namespaces?: string[];
                /** @description viewer (read), operator (viewer + Flux actions), admin (everything) */
                role: "viewer" | "operator" | "admin";
            }[];
            /** @description Send it as the x-csrf-token header on every state change made with the session cookie. */
            csrf_token: string | null;
            display_name: string;
            groups: string[];
            kind: "user" | "token" | "anonymous";
            /** @description True for a local user signed in with a session: the one who can change a password here (POST /api/v1/auth/password). Single sign-on users change theirs at the identity provider. */
            password_login: boolean;
            /** @description Permissions held somewhere (over the fleet or within a scope). */
            permissions: string[];
            user_id: string | null;
            username: string;
        };
        ResourceDetail: {
            conditions: {
                last_transition_time: string | null;
                message: string;
                reason: string;
                status: string;
                type: string;
            }[];
            /** @description Objects in the same cluster that use it as source or input (an ArtifactGenerator’s sources), or depend on it; only those in your namespaces. */
            dependents: components["schemas"]["ResourceItem"][];
            depends_on: {
                /** @description It lies in a namespace outside your role bindings: its status is not shown (resource is null). */
                out_of_scope: boolean;
                ref: components["schemas"]["FluxRef"];
                resource: components["schemas"]["ResourceItem"] | null;
            }[];
            /** @description Recent Kubernetes events of the object, newest first: the cluster’s and the kept ones (only the kept ones when not `live`). */
            events: {
                count: number;
                first_seen: string | null;
                last_seen: string | null;
                message: string;
                reason: string;
                /** @description The controller that reported it. */
                source: string;
                type: string;
            }[];
            /** @description True when the object was read from its cluster just now. False when the cluster could not be reached (down, TLS, refused credentials, 5xx, timeout): `resource` is then the last known state (`stale`), `object` and `yaml` are null, `conditions` empty, and the rest comes from what Flux Orchestrator kept. */
            live: boolean;
            /** @description The live object as the cluster returned it (null when not `live`). */
            object: {
                [key: string]: unknown;
            } | null;
            resource: components["schemas"]["ResourceItem"];
            /** @description Its source, with the source’s status (null resource: not found in the cluster, or outside your namespaces). */
            source: {
                /** @description It lies in a namespace outside your role bindings: its status is not shown (resource is null). */
                out_of_scope: boolean;
                ref: components["schemas"]["FluxRef"];
                resource: components["schemas"]["ResourceItem"] | null;
            } | null;
            /** @description Status changes the index recorded, newest first. */
            transitions: {
                at: string;
                from_status: string | null;
                message: string;
                reason: string;
                to_status: string;
            }[];
            /** @description Why the cluster could not be reached, in words to act on (null when `live`). */
            unavailable_reason: string | null;
            /** @description The live object as YAML, managedFields left out (null when not `live`). */
            yaml: string | null;
        };
        /** @description Per filter, counts over the objects that match every other filter. `cluster` is keyed by cluster id. */
        ResourceFacets: {
            cluster: {
                [key: string]: number;
            };
            kind: {
                [key: string]: number;
            };
            namespace: {
                [key: string]: number;
            };
            status: {
                [key: string]: number;
            };
        };
        ResourceItem: {
            api_version: string;
            /** @description Last attempted revision when it differs from the applied one. */
            attempted_revision: string | null;
            /** @description The cluster’s display name. */
            cluster: string;
            cluster_id: string;
            depends_on: components["schemas"]["FluxRef"][];
            generation: number | null;
            /** @description `cluster_id/Kind/namespace/name` */
            id: string;
            kind: string;
            last_handled_reconcile_at: string | null;
            message: string;
            name: string;
            namespace: string;
            observed_generation: number | null;
            reason: string;
            /** @description Applied revision, artifact revision or chart version. */
            revision: string | null;
            source: components["schemas"]["FluxRef"] | null;
            /** @description True when the cluster is not being watched right now: this is the last known state. */
            stale: boolean;
            /** @description ready | failed | progressing | suspended | unknown (rules: flux-model/README.md) */
            status: "ready" | "failed" | "progressing" | "suspended" | "unknown";
            /** @description When the object entered its current status. */
            status_since: string;
            suspended: boolean;
            /** @description When the index last saw a change of this object. */
            updated_at: string;
        };
        ResourceList: {
            facets: components["schemas"]["ResourceFacets"];
            items: components["schemas"]["ResourceItem"][];
            next_cursor: string | null;
            /** @description Matching objects on all pages. */
            total: number;
        };
        ResourceSummary: {
            /** @description Clusters with failing objects first, then by name. */
            clusters: components["schemas"]["ClusterRollup"][];
            /** @description Kinds with failing objects first. */
            kinds: {
                by_status: components["schemas"]["StatusCounts"];
                kind: string;
            }[];
            totals: components["schemas"]["StatusCounts"];
        };
        RoleBinding: {
            /** @description Only these clusters (ids). */
            cluster_ids?: string[];
            /** @description Only clusters whose labels match, e.g. `env=dev,team!=a`. */
            cluster_selector?: string;
            /** Format: date-time */
            created_at: string;
            id: string;
            /** @description Only Flux objects in these namespaces. */
            namespaces?: string[];
            /** @description viewer (read), operator (viewer + Flux actions), admin (everything) */
            role: "viewer" | "operator" | "admin";
            /** @description User id, or group name / object id as the identity provider sends it. */
            subject: string;
            subject_type: "user" | "group";
        };
        RoleBindingList: {
            items: {
                /** @description Only these clusters (ids). */
                cluster_ids?: string[];
                /** @description Only clusters whose labels match, e.g. `env=dev,team!=a`. */
                cluster_selector?: string;
                /** Format: date-time */
                created_at: string;
                id: string;
                /** @description Only Flux objects in these namespaces. */
                namespaces?: string[];
                /** @description viewer (read), operator (viewer + Flux actions), admin (everything) */
                role: "viewer" | "operator" | "admin";
                /** @description User id, or group name / object id as the identity provider sends it. */
                subject: string;
                subject_type: "user" | "group";
            }[];
        };
        StatusCounts: {
            failed: number;
            progressing: number;
            ready: number;
            suspended: number;
            total: number;
            unknown: number;
        };
        User: {
            /** Format: date-time */
            created_at: string;
            /** @description A disabled user cannot sign in, their sessions have ended and their API tokens are refused (until enabled again). */
            disabled: boolean;
            display_name: string;
            /** @description A single sign-on user's groups as the identity provider sent them at their last sign-in (what a group role binding names); empty for the others. */
            groups: string[];
            id: string;
            /** @description local (password), oidc (single sign-on) or service (a service account: API tokens only) */
            kind: "local" | "oidc" | "service";
            last_login_at: string | null;
            username: string;
        };
        UserList: {
            items: {
                /** Format: date-time */
                created_at: string;
                /** @description A disabled user cannot sign in, their sessions have ended and their API tokens are refused (until enabled again). */
                disabled: boolean;
                display_name: string;
                /** @description A single sign-on user's groups as the identity provider sent them at their last sign-in (what a group role binding names); empty for the others. */
                groups: string[];
                id: string;
                /** @description local (password), oidc (single sign-on) or service (a service account: API tokens only) */
                kind: "local" | "oidc" | "service";
                last_login_at: string | null;
                username: string;
            }[];
        };
        WorkloadActionResult: {
            action: "scale" | "restart" | "delete";
            /** @description The Kustomization or HelmRelease that applied the object (from the labels Flux puts on it). */
            flux_owner: {
                kind: string;
                name: string;
                namespace: string;
            } | null;
            kind: string;
            name: string;
            namespace: string;
            /** @description Scale: the new spec.replicas. */
            replicas?: number;
            /** @description Restart: the `kubectl.kubernetes.io/restartedAt` written to the pod template. */
            restarted_at?: string;
            /** @description Set when Flux owns the object and may revert the change. */
            warning: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
