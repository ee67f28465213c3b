import '@portals/web-ui/testing/setup';
